package io.rsrch.operator.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One durable piece of browser research (a Deep Research question or an audio overview) that the
 * operator queues, runs on a {@link BrowserPool} and reports on.
 */
@Group(ResearchJob.GROUP)
@Version(ResearchJob.VERSION)
@ShortNames("rj")
@Plural("researchjobs")
@JsonClassDescription(
        "A durable browser research job: a Deep Research question or a NotebookLM audio"
                + " overview, queued by the rsrch operator and run on a BrowserPool.")
@AdditionalPrinterColumn(
        name = "Type",
        jsonPath = ".spec.type",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "What the job does.")
@AdditionalPrinterColumn(
        name = "Phase",
        jsonPath = ".status.phase",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Where the job is.")
@AdditionalPrinterColumn(
        name = "Attempt",
        jsonPath = ".status.attempt",
        type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Number of the current or last attempt.")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE,
        getDescription = "Time since the job was created.")
public class ResearchJob extends CustomResource<ResearchJobSpec, ResearchJobStatus>
        implements Namespaced {

    /** API group of every rsrch resource. */
    public static final String GROUP = "rsrch.io";

    /** The one served version of the rsrch resources. */
    public static final String VERSION = "v1alpha1";
}
