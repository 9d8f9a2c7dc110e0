package io.github.precursorwatch.resolver;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Library versions the resolver reports on /v1/info, read from the jars' Maven metadata. */
final class Versions {
    static final String OPSIN = version("uk.ac.cam.ch.opsin", "opsin-core");
    static final String CDK = version("org.openscience.cdk", "cdk-smiles");

    private Versions() {}

    private static String version(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Versions.class.getResourceAsStream(path)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
