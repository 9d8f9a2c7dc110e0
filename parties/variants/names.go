package variants

import (
	"math/rand/v2"
	"strings"
)

// Word pools. Syllables are Mandarin pinyin, the most common source of
// listed precursor suppliers' names; the others give Indian, Mexican and
// European firms and people.
var (
	syllables = strings.Fields("an ao bai bang bao bei ben cai chang chen cheng chuang da de ding dong fang fei feng fu gao " +
		"guang hai han hao he heng hong hua huan hui jia jian jin jing jiu kai kang ke lan li lian lin long lu mei " +
		"ming mu nan ning peng qi qian qiang rong rui ru sen shan shang sheng shi shuo tai teng tian tong wei wen xiang " +
		"xiao xin xing xu ya yang yi ying yong yu yuan yue ze zhan zhen zheng zhi zhong")
	provinces = strings.Fields("Anhui Hebei Henan Hubei Hunan Jiangsu Zhejiang Shandong Guangdong Fujian Sichuan Shanghai " +
		"Beijing Tianjin Wuhan Suzhou Hefei Xiamen Guangzhou Shenzhen Hangzhou Nanjing Changzhou Jinan Qingdao")
	trades = []string{"Chemical", "Chemicals", "Biotech", "Biological Technology", "Pharmaceutical", "Pharmaceutical Technology",
		"New Material", "New Materials Technology", "Trading", "Import and Export", "Technology", "Medicine Technology",
		"Fine Chemical", "Industrial", "Bio-Tech", "Science and Technology", "Chemical Industry", "Biotechnology"}
	cnLegal     = []string{"Co., Ltd.", "Co. Ltd", "Co., Limited", "Company Limited", "Co.", "Limited", "Corporation", "Group Co., Ltd."}
	inNames     = strings.Fields("Aarav Shree Om Sai Ganesh Vedant Sunrise Aditya Krishna Laxmi Parth Shiv Maruti Navkar Siddhi Ambika Jay Vardhman")
	inPlaces    = strings.Fields("Surat Gujarat Mumbai Vapi Ankleshwar Hyderabad Ahmedabad Vadodara Pune")
	inTrades    = []string{"Chemicals", "Organics", "Pharma", "Intermediates", "Speciality Chemicals", "Life Sciences", "Agro Chem"}
	inLegal     = []string{"Pvt Ltd", "Pvt. Ltd.", "Private Limited", "LLP", "Limited", ""}
	mxWords     = strings.Fields("Sol Pacifico Norte Azteca Maya Sierra Valle Rio Mar Cielo Aguila Roble Plata Oro Luna Tierra Cumbre")
	mxTrades    = []string{"Quimica", "Laboratorios", "Distribuidora", "Reactivos", "Insumos", "Farmaceutica", "Comercializadora"}
	mxLegal     = []string{"S.A. de C.V.", "SA de CV", "S. de R.L. de C.V.", "S.A.P.I. de C.V.", ""}
	euWords     = strings.Fields("Rhein Nord Alpen Baltic Atlas Nova Vega Orion Delta Helvet Iberia Adria Hansa Terra")
	euTrades    = []string{"Chemie", "Chemicals", "Pharma", "Trading", "Laboratories", "Handels", "Industries"}
	euLegal     = []string{"GmbH", "AG", "B.V.", "S.A.", "Ltd", "S.r.l.", "AB", "Oy"}
	givenCN     = strings.Fields("Wei Fang Min Jing Li Qiang Lei Jun Yan Hui Xin Tao Bo Chao Hong Ying Hua Ping")
	surnamesCN  = strings.Fields("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Yao")
	givenMX     = strings.Fields("Jose Juan Maria Guadalupe Luis Carlos Ana Jorge Miguel Rosa Francisco Patricia Alejandro Martha")
	surnamesMX  = strings.Fields("Garcia Hernandez Martinez Lopez Gonzalez Perez Rodriguez Sanchez Ramirez Cruz Flores Gomez Morales Reyes")
	legitPrefix = []string{"", "", "", "Global ", "International ", "New ", "Golden ", "Asia "}
)

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// brand makes a company's distinctive word from two or three syllables.
func brand(r *rand.Rand) string {
	n := 2
	if r.IntN(5) == 0 {
		n = 3
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(pick(r, syllables))
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// Company returns a legitimate-looking company name from a random trade
// region: China, India, Mexico or Europe.
func (g *Generator) Company() (name, country string) {
	r := g.rng
	switch r.IntN(10) {
	case 0, 1, 2, 3, 4, 5:
		return join(pick(r, legitPrefix)+pick(r, provinces), brand(r), pick(r, trades), pick(r, cnLegal)), "CN"
	case 6, 7:
		return join(pick(r, inNames), pick(r, inNames), pick(r, inTrades), pick(r, inLegal)), "IN"
	case 8:
		return join(pick(r, mxTrades), pick(r, mxWords), pick(r, mxWords), pick(r, mxLegal)), "MX"
	}
	return join(pick(r, euWords), pick(r, euTrades), pick(r, euLegal)), pick(r, []string{"DE", "NL", "CH", "IT", "ES", "SE"})
}

// Person returns a person's name and country.
func (g *Generator) Person() (name, country string) {
	r := g.rng
	if r.IntN(2) == 0 {
		given := pick(r, givenCN)
		if r.IntN(2) == 0 {
			given += strings.ToLower(pick(r, givenCN))
		}
		return pick(r, surnamesCN) + " " + given, "CN"
	}
	return join(pick(r, givenMX), pick(r, givenMX), pick(r, surnamesMX), pick(r, surnamesMX)), "MX"
}

func join(parts ...string) string {
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}
