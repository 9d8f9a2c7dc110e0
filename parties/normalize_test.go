package parties

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	n := newNormalizer(words())
	for _, tc := range []struct{ in, want, legal string }{
		{"Wuhan Shuokang Biological Technology Co., Ltd.", "wuhan shuokang bio tech", "co ltd"},
		{"HUBEI AOKS BIO-TECH CO LTD", "hubei aoks bio tech", "co ltd"},
		{"Hubei Aoks Biotech", "hubei aoks bio tech", ""},
		{"SUMILAB, S.A. DE C.V.", "sumilab", "sa de cv"},
		{"Favelab S. de R.L. de C.V.", "favelab", "s de rl de cv"},
		{"Storelab SAPI de CV", "storelab", "sapi de cv"},
		{"HEFEI G.S.K. TRADE CO., LTD", "hefei gsk trade", "co ltd"},
		{"Ana G. Rubio Zea", "ana g rubio zea", ""},
		{"Ána Gabriela Rubió Zea", "ana gabriela rubio zea", ""},
		{"M/S RAXUTER CHEMICALS", "raxuter chem", "m s"},
		{"ATHOS CHEMICALS PVT. LTD.", "athos chem", "pvt ltd"},
		{"Shanglin Trading Co., Ltd. Hubei", "shanglin trade hubei", "co ltd"},
		{"武漢碩康生物科技有限公司", "wu han shuo kang bio tech", ""},
		{"武汉硕康生物科技有限公司", "wu han shuo kang bio tech", ""},
		{"ООО «Химпром Трейдинг»", "khimprom treiding", "ooo"},
		{"O'Brien & Sons", "obrien sons", ""},
		{"Company Limited", "company limited", ""},
		{"Hebei Shenghao Imp. & Exp. Co., Ltd.", "hebei shenghao import export", "co ltd"},
		{"  ", "", ""},
	} {
		got := strings.Join(n.normalize(tc.in), " ")
		legal := strings.Join(n.legal, " ")
		if got != tc.want || legal != tc.legal {
			t.Errorf("normalize(%q) = %q (legal %q), want %q (legal %q)", tc.in, got, legal, tc.want, tc.legal)
		}
	}
}
