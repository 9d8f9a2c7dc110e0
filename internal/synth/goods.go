package synth

// good is one kind of ordinary merchandise: how it is described, its HS
// subheading, the unit it is counted in, a quantity range and a unit price in
// US dollars.
type good struct {
	descs        []string
	hs           string // "NNNN.NN"
	unit         string
	minQ, maxQ   float64
	price        float64 // USD per unit
	kgPerUnit    float64
	air, express bool // also shipped by air / as express parcels
}

// goods is the benign merchandise mix. Chemicals and medicines are included on
// purpose: legitimate chemical trade is the background a detector must not
// flag.
var goods = []good{
	{[]string{"Laptop computers, 14 inch", "Notebook PC with charger", "Portable computer, model LX-5"}, "8471.30", "pcs", 50, 2000, 420, 2.1, true, false},
	{[]string{"Solid state drives 1TB", "Computer memory modules DDR5"}, "8471.70", "pcs", 200, 20000, 38, 0.05, true, true},
	{[]string{"Smartphones, 128GB", "Mobile phones with accessories", "Wireless routers"}, "8517.13", "pcs", 100, 5000, 180, 0.3, true, false},
	{[]string{"Network switches 24-port", "Ethernet routers"}, "8517.62", "pcs", 20, 800, 95, 1.8, true, false},
	{[]string{"Men's cotton T-shirts, knitted", "Women's knitted cardigans", "Cotton hosiery"}, "6109.10", "pcs", 500, 40000, 3.2, 0.18, false, true},
	{[]string{"Men's denim trousers", "Women's woven blouses, polyester", "Cotton shirts, woven"}, "6203.42", "pcs", 300, 20000, 9.5, 0.6, false, false},
	{[]string{"Brake pads for passenger cars", "Gearbox parts", "Steering wheels and columns", "Automotive bumpers"}, "8708.30", "pcs", 100, 10000, 14, 1.5, false, false},
	{[]string{"Wooden office desks", "Upholstered sofa frames", "Metal shelving units", "Kitchen cabinets, assembled"}, "9403.30", "pcs", 20, 800, 85, 28, false, false},
	{[]string{"Frozen shrimp, peeled", "Frozen tilapia fillets"}, "0306.17", "kg", 5000, 24000, 7.8, 1, false, false},
	{[]string{"Fresh avocados (Hass)", "Fresh limes"}, "0804.40", "kg", 8000, 22000, 2.1, 1, false, false},
	{[]string{"Roasted coffee beans", "Green coffee, arabica"}, "0901.21", "kg", 1000, 19000, 6.5, 1, true, false},
	{[]string{"Dog food, dry kibble, retail bags", "Cat food in cans"}, "2309.10", "kg", 2000, 20000, 1.9, 1, false, false},
	{[]string{"Vitamin C tablets 500mg, retail packs", "Multivitamin capsules"}, "2106.90", "kg", 100, 3000, 22, 1, true, true},
	{[]string{"Ethyl acetate, technical grade", "Ethyl acetate 99.9% in drums"}, "2915.31", "kg", 4000, 20000, 1.1, 1, false, false},
	{[]string{"Citric acid anhydrous, food grade", "Citric acid monohydrate"}, "2918.14", "kg", 5000, 25000, 0.9, 1, false, false},
	{[]string{"Sodium hydroxide flakes 99%", "Caustic soda pearls"}, "2815.11", "kg", 10000, 26000, 0.45, 1, false, false},
	{[]string{"Titanium dioxide, rutile grade", "Titanium dioxide pigment"}, "3206.11", "kg", 5000, 25000, 2.8, 1, false, false},
	{[]string{"Polyethylene granules HDPE", "Polypropylene resin"}, "3901.20", "kg", 15000, 27000, 1.2, 1, false, false},
	{[]string{"Paracetamol tablets 500mg, packed for retail", "Ibuprofen 200mg tablets in blister packs", "Amoxicillin capsules 500mg"}, "3004.90", "kg", 200, 8000, 18, 1, true, false},
	{[]string{"Isopropyl alcohol 99%", "Isopropanol, drums"}, "2905.12", "kg", 3000, 20000, 1.3, 1, false, false},
	{[]string{"Acetone, technical", "Acetone 99.5%"}, "2914.11", "kg", 5000, 20000, 0.95, 1, false, false},
	{[]string{"LED light bulbs", "LED panel lights"}, "8539.52", "pcs", 1000, 50000, 1.6, 0.08, false, true},
	{[]string{"Bicycle parts: derailleurs", "Bicycle frames, aluminium"}, "8714.91", "pcs", 100, 3000, 25, 1.4, false, false},
	{[]string{"Ceramic floor tiles", "Porcelain wall tiles"}, "6907.21", "kg", 15000, 26000, 0.6, 1, false, false},
	{[]string{"Children's toys, plastic", "Puzzles and board games"}, "9503.00", "pcs", 500, 30000, 4.2, 0.3, false, true},
	{[]string{"Cosmetic creams, retail jars", "Lipsticks and make-up sets"}, "3304.99", "pcs", 500, 20000, 3.5, 0.1, true, true},
}

// benignModes are transport modes for goods that cannot fly, and for those
// that can, with relative weights.
var (
	modesSurface = []string{"ocean", "ocean", "ocean", "ocean", "truck", "rail"}
	modesAir     = []string{"ocean", "ocean", "air", "air", "truck"}
	modesParcel  = []string{"express", "postal", "air"}
)
