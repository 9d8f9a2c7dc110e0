// OpsinBatch converts chemical names to SMILES with OPSIN, one name per
// input line, for the catalog-data generator (build time only). Each output
// line is "OK<TAB>smiles" or "FAIL<TAB>reason", in input order, so that one
// JVM serves every name. Run as a single-file program:
//   java -cp '.cache/catalogdata/opsin/*' chemicals/catalogdata/OpsinBatch.java
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import uk.ac.cam.ch.wwmm.opsin.NameToStructure;
import uk.ac.cam.ch.wwmm.opsin.NameToStructureConfig;
import uk.ac.cam.ch.wwmm.opsin.OpsinResult;

public class OpsinBatch {
    public static void main(String[] args) throws Exception {
        NameToStructure n2s = NameToStructure.getInstance();
        NameToStructureConfig cfg = new NameToStructureConfig();
        cfg.setAllowRadicals(false);
        cfg.setDetailedFailureAnalysis(false);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            OpsinResult r = n2s.parseChemicalName(line, cfg);
            String smi = r.getStatus() == OpsinResult.OPSIN_RESULT_STATUS.FAILURE ? null : r.getSmiles();
            if (smi == null || smi.isEmpty()) {
                String msg = r.getMessage() == null ? "unparsable" : r.getMessage();
                out.println("FAIL\t" + msg.replace('\t', ' ').replace('\n', ' '));
            } else {
                out.println("OK\t" + smi);
            }
        }
        out.flush();
    }
}
