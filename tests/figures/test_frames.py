import dataclasses

import pytest

from dashboard.figures.frames import BARE, EXPORT, PRESETS, SCREEN, SLIDE, SLIDE_SIZE, Frame, Preset


def test_frame_defaults_are_the_screen_sizes():
    assert dataclasses.asdict(Frame("any")) == {
        "name": "any", "title_size": 17, "subtitle_size": 12, "source_size": 10,
        "title_wrap": 62, "subtitle_wrap": 90, "source_wrap": 100, "top_pad": 34,
        "title_line": 20, "header_line": 17, "source_line": 14, "title_pad": 12,
        "side_margin": 10, "legend_row": 30, "axis_scale": 1.0, "marks_illustrative": False,
        "dataset_in_header": True,
    }


def test_frame_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SCREEN.title_size = 30


def test_screen_is_the_default_frame():
    assert SCREEN == Frame("screen")


def test_slide_has_type_for_a_room():
    assert SLIDE_SIZE == (1920, 1000)
    assert dataclasses.asdict(SLIDE) == {
        "name": "slide", "title_size": 44, "subtitle_size": 28, "source_size": 20,
        "title_wrap": 68, "subtitle_wrap": 118, "source_wrap": 170, "top_pad": 24,
        "title_line": 57.2, "header_line": 36.4, "source_line": 26, "title_pad": 24,
        "side_margin": 24, "legend_row": 44, "axis_scale": 1.0, "marks_illustrative": False,
        "dataset_in_header": True,
    }


def test_export_marks_illustrative_and_moves_the_dataset_to_the_footer():
    assert dataclasses.asdict(EXPORT) == {
        "name": "export", "title_size": 17, "subtitle_size": 12, "source_size": 10,
        "title_wrap": 62, "subtitle_wrap": 90, "source_wrap": 100, "top_pad": 34,
        "title_line": 21, "header_line": 17, "source_line": 14, "title_pad": 12,
        "side_margin": 10, "legend_row": 30, "axis_scale": 1.0, "marks_illustrative": True,
        "dataset_in_header": False,
    }


def test_bare_has_no_top_pad_and_small_axes():
    assert dataclasses.asdict(BARE) == {
        "name": "bare", "title_size": 17, "subtitle_size": 12, "source_size": 10,
        "title_wrap": 62, "subtitle_wrap": 90, "source_wrap": 100, "top_pad": 0,
        "title_line": 20, "header_line": 17, "source_line": 14, "title_pad": 8,
        "side_margin": 10, "legend_row": 30, "axis_scale": 0.4, "marks_illustrative": False,
        "dataset_in_header": False,
    }


def test_preset_defaults():
    preset = Preset("Small", 300, 200)
    assert (preset.scale, preset.dpi, preset.qr) == (1.0, None, False)
    assert preset.pixels == (300, 200)


def test_preset_pixels_scale_the_layout_size():
    assert Preset("Double", 300, 200, scale=2).pixels == (600, 400)
    assert Preset("Rounded", 101, 51, scale=1.5).pixels == (152, 76)  # 151.5 -> 152, 76.5 -> 76


def test_presets_are_social_slide_and_a4():
    assert list(PRESETS) == ["social", "slide", "a4"]
    assert PRESETS["social"] == Preset("Social media, 1200 × 675 px", 1200, 675)
    assert PRESETS["slide"] == Preset("Slide, 1920 × 1080 px", 1280, 720, scale=1.5)
    assert PRESETS["a4"].label == "A4 portrait print, 300 dpi"
    assert (PRESETS["a4"].width, PRESETS["a4"].height) == (794, 1123)
    assert (PRESETS["a4"].dpi, PRESETS["a4"].qr) == (300, True)


def test_presets_pixels():
    assert PRESETS["social"].pixels == (1200, 675)
    assert PRESETS["slide"].pixels == (1920, 1080)
    assert PRESETS["a4"].pixels == (2480, 3508)  # 794 * 3508 / 1123 = 2480.3


def test_preset_frame_is_the_export_frame_with_wraps_for_its_width():
    # usable 1180 px: 1180 / 10.2 = 115.7, 1180 / 6.6 = 178.8, 1180 / 5.5 = 214.5
    assert PRESETS["social"].frame == dataclasses.replace(
        EXPORT, name="export 1200x675", title_wrap=115, subtitle_wrap=178, source_wrap=214)


@pytest.mark.parametrize(("key", "name", "wraps"), [
    ("social", "export 1200x675", (115, 178, 214)),
    ("slide", "export 1280x720", (123, 190, 229)),  # usable 1260
    ("a4", "export 794x1123", (75, 117, 140)),  # usable 774
])
def test_preset_frame_wraps_per_width(key, name, wraps):
    frame = PRESETS[key].frame
    assert frame.name == name
    assert (frame.title_wrap, frame.subtitle_wrap, frame.source_wrap) == wraps
    assert (frame.marks_illustrative, frame.dataset_in_header, frame.title_line) == (True, False, 21)


def test_preset_frame_of_a_narrow_preset():
    # usable 280 px: 280 / 10.2 = 27.5, 280 / 6.6 = 42.4, 280 / 5.5 = 50.9
    frame = Preset("Narrow", 300, 200).frame
    assert (frame.title_wrap, frame.subtitle_wrap, frame.source_wrap) == (27, 42, 50)
