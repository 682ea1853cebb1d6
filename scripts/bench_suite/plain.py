"""Plain plotly.express implementations of the atlas views: the baselines of the suite."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.core.view_state import DEFAULT, ViewState

from .interactions import BIRMINGHAM


class Plain:
    """What a straightforward plotly.express implementation of each view would do per request."""

    def __init__(self, atlas) -> None:
        self.atlas = atlas
        self.geometry_path = atlas.settings.prepared_dir / "lsoa21_geometry.parquet"

    def drill_down(self, code: str = BIRMINGHAM, domain: str = "imd") -> str:
        """The drill-down's LSOA map in plain px, polygons read from the GeoParquet."""
        import geopandas as gpd
        import plotly.express as px

        from dashboard.views.locality import lsoa_areas

        polygons = gpd.read_parquet(self.geometry_path, filters=[("LAD24CD", "==", code)])
        areas = lsoa_areas(self.atlas, code, domain)
        fig = px.choropleth_map(
            areas, geojson=json.loads(polygons.to_json()), locations="code",
            featureidkey="properties.LSOA21CD", color="decile", hover_name="name",
            map_style="white-bg", zoom=10, center={"lat": 52.48, "lon": -1.89},
        )
        return fig.to_json()

    def drill_down_all(self, code: str = BIRMINGHAM) -> str:
        """The drill-down's five figures in plain px: the LSOA map and the rest of the page's."""
        return self.drill_down(code) + self.drill_down_rest(code)

    def drill_down_rest(self, code: str = BIRMINGHAM) -> str:
        """The rest of the drill-down's figures in plain px: three heatmaps, need/provision scatter.

        The page's cards, table, priorities and evaluation panel have no px counterpart.
        """
        import plotly.express as px

        from dashboard.analysis.gaps import gap_table
        from dashboard.views.gaps import thresholds_of

        rows = self.atlas.dataset.interventions
        mine = rows[rows["locality_code"] == code]
        figures = []
        for row_field, col_field in (("determinants", "types"), ("populations", "determinants"),
                                     ("locality_code", "determinants")):
            pairs = mine[["intervention_id", row_field, col_field]].explode(row_field) \
                .explode(col_field).drop_duplicates()
            figures.append(px.imshow(pd.crosstab(pairs[row_field], pairs[col_field]),
                                     text_auto=True).to_json())
        gaps = gap_table(self.atlas.geography.lads, rows, [code], thresholds_of(DEFAULT))
        figures.append(px.scatter(gaps, x="need_percentile", y="per_10k", text="determinant")
                       .to_json())
        return "".join(figures)

    def national(self, state: ViewState) -> str:
        """The national map and the three heatmaps and the bar chart, all sent in full."""
        import plotly.express as px

        from dashboard.analysis.filters import apply_filters

        lads = self.atlas.geography.lads
        rows = apply_filters(self.atlas.dataset.interventions, state.active_filters)
        frame = pd.DataFrame({"code": lads.index, "name": lads["LAD24NM"],
                              "rank": lads[f"iod25_{state.domain}_rank_avg_score"]})
        frame["interventions"] = rows["locality_code"].value_counts().reindex(
            lads.index, fill_value=0).to_numpy()
        figures = [px.choropleth_map(
            frame, geojson=self.atlas.geography.lad_geojson, locations="code", color="rank",
            hover_name="name", hover_data=["interventions"], map_style="white-bg", zoom=5.1,
            center={"lat": 52.75, "lon": -1.9})]
        for row_field, col_field in (("determinants", "types"), ("populations", "determinants"),
                                     ("locality_code", "determinants")):
            pairs = rows[["intervention_id", row_field, col_field]].explode(row_field) \
                .explode(col_field).drop_duplicates()
            figures.append(px.imshow(pd.crosstab(pairs[row_field], pairs[col_field]),
                                     text_auto=True))
        populations = rows["populations"].map(lambda v: " + ".join(sorted(v)))
        counts = populations.value_counts().head(20)
        figures.append(px.bar(x=counts.to_numpy(), y=counts.index, orientation="h"))
        return "".join(fig.to_json() for fig in figures)

    def gaps(self, state: ViewState) -> str:
        """The gap view's heatmap of gap classes in plain px."""
        import plotly.express as px

        from dashboard.analysis.gaps import gap_table
        from dashboard.views.common import dataset_localities
        from dashboard.views.gaps import thresholds_of

        table = gap_table(self.atlas.geography.lads, self.atlas.dataset.interventions,
                          dataset_localities(self.atlas), thresholds_of(state))
        classes = table.pivot(index="locality", columns="determinant", values="gap_class")
        codes = classes.apply(lambda c: c.map({k: i for i, k in enumerate(sorted(set(
            table["gap_class"])))}))
        return px.imshow(codes, text_auto=True).to_json()
