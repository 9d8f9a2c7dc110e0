package synth

// port is a place goods leave from, pass through or arrive at.
type port struct {
	country string
	locode  string
}

// Ports by country, with the UN/LOCODEs of real sea, air and border ports.
var (
	portsCN = []port{{"CN", "CNSHA"}, {"CN", "CNNGB"}, {"CN", "CNSZX"}, {"CN", "CNTAO"}, {"CN", "CNXMN"}, {"CN", "CNWUH"}, {"CN", "CNTSN"}}
	portsHK = []port{{"HK", "HKHKG"}}
	portsIN = []port{{"IN", "INNSA"}, {"IN", "INMUN"}, {"IN", "INSTV"}}
	portsMX = []port{{"MX", "MXZLO"}, {"MX", "MXLZC"}, {"MX", "MXMEX"}, {"MX", "MXGDL"}, {"MX", "MXVER"}}
	portsUS = []port{{"US", "USLAX"}, {"US", "USLGB"}, {"US", "USNYC"}, {"US", "USMIA"}, {"US", "USHOU"}, {"US", "USCHI"}, {"US", "USSEA"}}
	portsCA = []port{{"CA", "CAVAN"}, {"CA", "CAMTR"}, {"CA", "CATOR"}}
	portsEU = []port{{"DE", "DEHAM"}, {"NL", "NLRTM"}, {"BE", "BEANR"}, {"FR", "FRLEH"}, {"IT", "ITGOA"}, {"ES", "ESVLC"}, {"PL", "PLGDN"}}
	portsAS = []port{{"VN", "VNSGN"}, {"KR", "KRPUS"}, {"JP", "JPTYO"}, {"TW", "TWKHH"}, {"TH", "THLCH"}, {"MY", "MYPKG"}, {"BD", "BDCGP"}}
	portsOT = []port{{"BR", "BRSSZ"}, {"TR", "TRIST"}, {"GB", "GBFXT"}, {"AU", "AUSYD"}, {"CO", "COBUN"}, {"CL", "CLSAI"}}
	// Transshipment hubs seen in precursor seizure records (catalog sources S56, S57, S60).
	portsTransit = []port{{"GT", "GTPRQ"}, {"SG", "SGSIN"}, {"NL", "NLRTM"}, {"US", "USLAX"}, {"PA", "PABLB"}, {"AE", "AEJEA"}}
)

// lane is an origin and destination region pair with a relative weight.
type lane struct {
	from, to []port
	weight   int
}

// benignLanes are the trade lanes of ordinary shipments, weighted roughly
// like container and air trade volumes.
var benignLanes = []lane{
	{portsCN, portsUS, 18}, {portsCN, portsEU, 12}, {portsCN, portsMX, 7}, {portsAS, portsUS, 9},
	{portsAS, portsEU, 6}, {portsEU, portsUS, 8}, {portsUS, portsEU, 5}, {portsUS, portsMX, 6},
	{portsMX, portsUS, 7}, {portsIN, portsUS, 4}, {portsIN, portsEU, 3}, {portsHK, portsUS, 3},
	{portsCA, portsUS, 4}, {portsUS, portsCA, 3}, {portsEU, portsAS, 3}, {portsOT, portsUS, 2},
	{portsEU, portsMX, 2}, {portsCN, portsCA, 2}, {portsOT, portsEU, 2},
}

// Company-name pieces by country; names are assembled, never real entities.
var (
	namesCN   = []string{"Shanghai", "Ningbo", "Shenzhen", "Qingdao", "Xiamen", "Wuhan", "Hangzhou", "Suzhou", "Guangzhou", "Tianjin"}
	namesMX   = []string{"Comercializadora", "Distribuidora", "Importaciones", "Grupo Industrial", "Abastecedora", "Logistica"}
	namesUS   = []string{"Pacific", "Great Lakes", "Lone Star", "Atlantic", "Summit", "Redwood", "Liberty", "Evergreen"}
	namesEU   = []string{"Nordhafen", "Rhein", "Hanse", "Lumiere", "Baltica", "Iberia", "Alpen", "Delta"}
	namesAS   = []string{"Saigon", "Busan", "Kanto", "Formosa", "Siam", "Malacca", "Bengal"}
	namesIN   = []string{"Surat", "Gujarat", "Deccan", "Hyderabad", "Ankleshwar", "Vapi", "Mumbai"}
	tailsIN   = []string{"Chemicals Pvt. Ltd.", "Pharma Pvt. Ltd.", "Exports Pvt. Ltd.", "Industries Ltd."}
	nameTails = []string{"Trading Co., Ltd.", "Industrial Co., Ltd.", "Import & Export Co., Ltd.", "Supply Chain Co.", "Manufacturing Ltd.", "Technology Co., Ltd."}
	nameChem  = []string{"Biotech Co., Ltd.", "Pharmatech Co., Ltd.", "Chemical Technology Co., Ltd.", "New Material Co., Ltd.", "Bio-Tech Co., Ltd."}
	tailsMX   = []string{"S.A. de C.V.", "S. de R.L. de C.V."}
	tailsUS   = []string{"Inc.", "LLC", "Corp.", "Distributors Inc."}
	tailsEU   = map[string]string{"DE": "GmbH", "NL": "B.V.", "BE": "N.V.", "FR": "S.A.", "IT": "S.p.A.", "ES": "S.L.", "PL": "Sp. z o.o."}
	namesOT   = []string{"Continental", "Southern Cross", "Andes", "Anatolia", "Atlantico", "Meridian"}
	tailsOT   = []string{"Ltd.", "S.A.", "Pty Ltd", "Ltda.", "A.S."}
	streets   = []string{"Industrial Park Rd", "Harbour Ave", "Free Trade Zone Bldg", "Av. Revolucion", "Logistics Blvd", "Commerce St", "Port Access Rd"}
)

// currencyFor returns the currency a shipper in country c usually invoices in.
func currencyFor(c string) string {
	switch c {
	case "DE", "NL", "BE", "FR", "IT", "ES":
		return "EUR"
	case "PL":
		return "PLN"
	case "GB":
		return "GBP"
	case "CA":
		return "CAD"
	case "JP":
		return "JPY"
	}
	return "USD"
}
