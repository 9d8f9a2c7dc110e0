package grafana

import (
	"fmt"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/heatmap"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// datasourceVar is the name of the datasource template variable every
// panel and query reads from.
const datasourceVar = "datasource"

// datasource is the reference to the datasource variable.
func datasource() common.DataSourceRef {
	return common.DataSourceRef{Type: cog.ToPtr("prometheus"), Uid: cog.ToPtr("${" + datasourceVar + "}")}
}

// sel returns metric with the dashboard's job and instance selectors and
// any extra matchers, e.g. sel("up", `state="x"`).
func sel(metric string, extra ...string) string {
	m := append([]string{`job=~"$job"`, `instance=~"$instance"`}, extra...)
	return metric + "{" + strings.Join(m, ", ") + "}"
}

// rate returns rate(metric{selectors}[$__rate_interval]).
func rate(metric string, extra ...string) string {
	return fmt.Sprintf("rate(%s[$__rate_interval])", sel(metric, extra...))
}

// quantile returns histogram_quantile(q, ...) of the histogram metric
// (without the _bucket suffix), keeping the by labels.
func quantile(q float64, histogram string, by ...string) string {
	return fmt.Sprintf("histogram_quantile(%g, sum by (%s) (%s))",
		q, strings.Join(append(by, "le"), ", "), rate(histogram+"_bucket"))
}

// query is a range query with a legend.
func query(expr, legend string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().Expr(expr).LegendFormat(legend).Range().Datasource(datasource())
}

// instantTable is an instant query returning a table, for info metrics and
// top-k lists.
func instantTable(expr string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().Expr(expr).Instant().Format(prometheus.PromQueryFormatTable).Datasource(datasource())
}

// withRefIDs names the queries A, B, C... in order.
func withRefIDs(qs []*prometheus.DataqueryBuilder) []cog.Builder[variants.Dataquery] {
	out := make([]cog.Builder[variants.Dataquery], len(qs))
	for i, q := range qs {
		out[i] = q.RefId(string(rune('A' + i)))
	}
	return out
}

// graph is a time series panel of the queries.
func graph(title, desc, unit string, qs ...*prometheus.DataqueryBuilder) *timeseries.PanelBuilder {
	return timeseries.NewPanelBuilder().
		Title(title).Description(desc).Unit(unit).Datasource(datasource()).
		Targets(withRefIDs(qs)).
		Height(8).Span(12).
		FillOpacity(10).LineWidth(1).ShowPoints(common.VisibilityModeNever).
		Legend(common.NewVizLegendOptionsBuilder().
			DisplayMode(common.LegendDisplayModeTable).Placement(common.LegendPlacementBottom).
			ShowLegend(true).Calcs([]string{"mean", "max", "lastNotNull"})).
		Tooltip(common.NewVizTooltipOptionsBuilder().Mode(common.TooltipDisplayModeMulti).Sort(common.SortOrderDescending))
}

// single is a stat panel showing the last value of one query.
func single(title, desc, unit string, q *prometheus.DataqueryBuilder) *stat.PanelBuilder {
	return stat.NewPanelBuilder().
		Title(title).Description(desc).Unit(unit).Datasource(datasource()).
		Targets(withRefIDs([]*prometheus.DataqueryBuilder{q})).
		Height(4).Span(4).
		GraphMode(common.BigValueGraphModeArea).ColorMode(common.BigValueColorModeValue).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"}).Values(false))
}

// thresholds colors a value with base below the first step and with each
// step's color from its value on.
func thresholds(base string, steps ...dashboard.Threshold) *dashboard.ThresholdsConfigBuilder {
	list := append([]dashboard.Threshold{{Color: base}}, steps...)
	return dashboard.NewThresholdsConfigBuilder().Mode(dashboard.ThresholdsModeAbsolute).Steps(list)
}

// step is a threshold step: color from value v on.
func step(v float64, color string) dashboard.Threshold {
	return dashboard.Threshold{Value: &v, Color: color}
}

// mapping shows an exact value as a text in a color.
type mapping struct{ value, text, color string }

// valueText maps exact values to texts and colors, e.g. 1 -> OK (green).
func valueText(ms ...mapping) dashboard.ValueMapping {
	options := map[string]dashboard.ValueMappingResult{}
	for i, m := range ms {
		options[m.value] = dashboard.ValueMappingResult{Text: cog.ToPtr(m.text), Color: cog.ToPtr(m.color), Index: cog.ToPtr(int32(i))}
	}
	return dashboard.ValueMapping{ValueMap: &dashboard.ValueMap{Type: dashboard.MappingTypeValueToText, Options: options}}
}

// infoTable is a table of the labels of an info metric (value 1).
func infoTable(title, desc, expr string) *table.PanelBuilder {
	return table.NewPanelBuilder().
		Title(title).Description(desc).Datasource(datasource()).
		Targets(withRefIDs([]*prometheus.DataqueryBuilder{instantTable(expr)})).
		Height(6).Span(12).
		Footer(noFooter()).
		WithTransformation(dashboard.DataTransformerConfig{
			Id:      "organize",
			Options: map[string]any{"excludeByName": map[string]any{"Time": true, "Value": true}},
		})
}

// heat is a heatmap of a histogram's buckets.
func heat(title, desc, histogram string) *heatmap.PanelBuilder {
	q := prometheus.NewDataqueryBuilder().
		Expr(fmt.Sprintf("sum by (le) (increase(%s[$__rate_interval]))", sel(histogram+"_bucket"))).
		LegendFormat("{{le}}").Format(prometheus.PromQueryFormatHeatmap).Range().Datasource(datasource())
	return heatmap.NewPanelBuilder().
		Title(title).Description(desc).Datasource(datasource()).
		Targets(withRefIDs([]*prometheus.DataqueryBuilder{q})).
		Height(8).Span(8).
		Calculate(false).
		CellGap(1).
		Tooltip(heatmap.NewHeatmapTooltipBuilder().Mode(common.TooltipDisplayModeSingle).YHistogram(true))
}

// noFooter hides a table's footer (with a valid reducer list: Grafana
// expects an array there, not null).
func noFooter() *common.TableFooterOptionsBuilder {
	return common.NewTableFooterOptionsBuilder().Show(false).Reducer([]string{"sum"}).CountRows(false)
}
