import dataclasses

import pytest

from dashboard.figures.frames import BARE, LINE_SPACING, PRESETS, SCREEN, SLIDE, SLIDE_SIZE, Frame, Preset


def test_frame_defaults_are_the_screen_sizes():
    assert dataclasses.asdict(Frame("any")) == {
        "name": "any", "title_size": 17, "subtitle_size": 12, "source_size": 11,
        "title_wrap": 50, "subtitle_wrap": 76, "source_wrap": 86, "title_pad": 44,
        "side_margin": 10, "legend_row": 30, "axis_scale": 1.0, "marks_illustrative": False,
    }


def test_frame_line_heights_are_plotly_line_spacing_of_the_base_font():
    assert LINE_SPACING == 1.3
    assert SCREEN.title_line == pytest.approx(22.1)   # 1.3 * 17: every line of the title block
    assert SCREEN.source_line == pytest.approx(14.3)  # 1.3 * 11


def test_frame_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SCREEN.title_size = 30


def test_screen_is_the_default_frame_with_a_band_for_the_toolbar():
    assert SCREEN == Frame("screen")
    assert SCREEN.title_pad >= 40  # plotly's toolbar is about 28 px tall at the top right


def test_slide_has_type_for_a_room():
    assert SLIDE_SIZE == (1920, 1000)
    assert dataclasses.asdict(SLIDE) == {
        "name": "slide", "title_size": 44, "subtitle_size": 28, "source_size": 20,
        "title_wrap": 68, "subtitle_wrap": 118, "source_wrap": 170, "title_pad": 24,
        "side_margin": 24, "legend_row": 44, "axis_scale": 1.0, "marks_illustrative": False,
    }


def test_bare_has_no_title_band_and_small_axes():
    assert (BARE.title_pad, BARE.axis_scale, BARE.marks_illustrative) == (0, 0.4, False)


def test_preset_defaults():
    preset = Preset("Small", 300, 200)
    assert (preset.scale, preset.dpi, preset.qr, preset.body, preset.margin) == (
        1.0, None, False, 18, 40)
    assert preset.pixels == (300, 200)


def test_preset_pixels_scale_the_layout_size():
    assert Preset("Double", 300, 200, scale=2).pixels == (600, 400)
    assert Preset("Rounded", 101, 51, scale=1.5).pixels == (152, 76)  # 151.5 -> 152, 76.5 -> 76


def test_presets_are_social_slide_and_a4():
    assert list(PRESETS) == ["social", "slide", "a4"]
    assert PRESETS["social"] == Preset("Social media, 1200 × 675 px", 1200, 675, body=18, margin=40)
    assert PRESETS["slide"] == Preset("Slide, 1920 × 1080 px", 1920, 1080, body=24, margin=64)
    assert PRESETS["a4"].label == "A4 portrait print, 300 dpi"
    assert (PRESETS["a4"].width, PRESETS["a4"].height) == (794, 1123)
    assert (PRESETS["a4"].dpi, PRESETS["a4"].qr, PRESETS["a4"].body) == (300, True, 12)


def test_presets_pixels():
    assert PRESETS["social"].pixels == (1200, 675)
    assert PRESETS["slide"].pixels == (1920, 1080)
    assert PRESETS["a4"].pixels == (2480, 3508)  # 794 * 3508 / 1123 = 2480.3


@pytest.mark.parametrize(("key", "smallest"), [("social", 18), ("slide", 24), ("a4", 9)])
def test_preset_body_meets_the_minimum_text_size(key, smallest):
    preset = PRESETS[key]
    # social and slide in image pixels; A4 in points (96 layout px to the inch, 72 pt)
    size = preset.body * 72 / 96 if key == "a4" else preset.body * preset.scale
    assert size >= smallest
