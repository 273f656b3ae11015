package io.rsrch.operator.crd;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the committed CRD files live and how to make them afresh from the model. */
public final class CrdFiles {

    /** File names the generator gives the two CRDs. */
    public static final List<String> NAMES =
            List.of("researchjobs.rsrch.io-v1.yml", "browserpools.rsrch.io-v1.yml");

    /** The command that refreshes every committed copy. */
    public static final String REFRESH =
            "make crds  (that is: mvn -q -B process-classes && cp"
                    + " target/classes/META-INF/fabric8/{researchjobs,browserpools}.rsrch.io-v1.yml"
                    + " crds/ && cp crds/*.yml helm/rsrch/crds/)";

    private CrdFiles() {}

    /** The project's root directory, where crds/ and helm/ are. */
    public static Path projectRoot() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    }

    /** The committed CRD directories that must match the model. */
    public static List<Path> committedDirectories() {
        Path root = projectRoot();
        return List.of(root.resolve("crds"), root.resolve("helm/rsrch/crds"));
    }

    /** Writes the CRDs of the model into {@code directory}, as the Maven plugin does. */
    public static void generate(Path directory) {
        new CRDGenerator()
                .inOutputDir(directory.toFile())
                .forCRDVersions("v1")
                .customResourceClasses(ResearchJob.class, BrowserPool.class)
                .generate();
    }

    /** The committed CRD named {@code name}, parsed. */
    public static CustomResourceDefinition load(String name) throws IOException {
        try (InputStream in = Files.newInputStream(projectRoot().resolve("crds").resolve(name))) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
    }
}
