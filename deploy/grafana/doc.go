// Package grafana generates the Precursor Watch Grafana dashboard as code
// with the Grafana Foundation SDK. Dashboard returns the JSON that is
// committed as dashboards/precursor.json and provisioned by
// provisioning/dashboards/precursor.yml; the package's test fails when the
// committed file is stale and rewrites it with -update:
//
//	go test ./deploy/grafana -run TestDashboardGolden -update
//
// Every query selects the job and instance template variables, reads from
// the datasource variable and uses $__rate_interval in rate() and
// increase(). Which metric names a query may use is not checked here but in
// deploy/deploy_test.go, against the metrics pipeline.NewMetrics registers.
// This package owns the dashboard only; metrics belong to package pipeline.
package grafana

//go:generate go test -run TestDashboardGolden -update .
