package structure

// The JSON documents of the resolver's POST /v1/resolve. The Java side
// (resolver/src/main/java/.../Protocol.java) declares the same fields;
// change both together.

// wireRequest asks the resolver about queries, testing each structure
// against patterns.
type wireRequest struct {
	Queries  []wireQuery   `json:"queries"`
	Patterns []wirePattern `json:"patterns,omitempty"`
}

// wireQuery is a name (read by OPSIN) or a SMILES string; exactly one is set.
type wireQuery struct {
	Name   string `json:"name,omitempty"`
	SMILES string `json:"smiles,omitempty"`
}

type wirePattern struct {
	ID     string `json:"id"`
	SMARTS string `json:"smarts"`
}

type wireResponse struct {
	Results       []wireResult       `json:"results"`
	PatternErrors []wirePatternError `json:"pattern_errors"`
}

// Result statuses the resolver reports.
const (
	wireOK       = "ok"       // resolved
	wireUnparsed = "unparsed" // not a name OPSIN reads, or not valid SMILES
	wireTimeout  = "timeout"  // the per-request time limit ran out
	wireInvalid  = "invalid"  // refused before parsing
	wireFailed   = "failed"   // parsed but could not be processed
)

type wireResult struct {
	Status   string   `json:"status"`
	SMILES   string   `json:"smiles"`
	InChI    string   `json:"inchi"`
	InChIKey string   `json:"inchikey"`
	Formula  string   `json:"formula"`
	Matches  []string `json:"matches"`
	Error    string   `json:"error"`
}

type wirePatternError struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}
