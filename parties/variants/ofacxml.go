package variants

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/precursorwatch/precursor/parties/listfmt"
)

// WriteOFACXML writes entries (as Entries makes them: one programme, one
// country each) as a list file in OFAC's sdnList schema, published on the
// given day, with uids from 100000: the list files that benchmarks and
// end-to-end tests load.
func WriteOFACXML(w io.Writer, entries []listfmt.Entry, published time.Time) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "<?xml version=\"1.0\" standalone=\"yes\"?>\n<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\">\n")
	fmt.Fprintf(bw, "<publshInformation><Publish_Date>%s</Publish_Date><Record_Count>%d</Record_Count></publshInformation>\n",
		published.Format("01/02/2006"), len(entries))
	for i, e := range entries {
		typ := "Entity"
		if e.Type == listfmt.TypePerson {
			typ = "Individual"
		}
		fmt.Fprintf(bw, "<sdnEntry><uid>%d</uid><lastName>%s</lastName><sdnType>%s</sdnType><programList>",
			100000+i, escape(e.Names[0].Text), typ)
		for _, p := range e.Programmes {
			fmt.Fprintf(bw, "<program>%s</program>", escape(p))
		}
		fmt.Fprintf(bw, "</programList>")
		if len(e.Names) > 1 {
			fmt.Fprintf(bw, "<akaList>")
			for j, n := range e.Names[1:] {
				fmt.Fprintf(bw, "<aka><uid>%d</uid><type>a.k.a.</type><category>strong</category><lastName>%s</lastName></aka>",
					500000+i*10+j, escape(n.Text))
			}
			fmt.Fprintf(bw, "</akaList>")
		}
		if len(e.Countries) > 0 {
			fmt.Fprintf(bw, "<addressList><address><uid>%d</uid><country>%s</country></address></addressList>",
				900000+i, escape(e.Countries[0]))
		}
		fmt.Fprintf(bw, "</sdnEntry>\n")
	}
	fmt.Fprintf(bw, "</sdnList>\n")
	return bw.Flush()
}

type byteWriter struct{ b []byte }

func (w *byteWriter) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }

func escape(s string) string {
	var w byteWriter
	_ = xml.EscapeText(&w, []byte(s))
	return string(w.b)
}
