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
 * A set of capability pods, each one Chromium with a fixed number of tabs, that research jobs
 * naming this pool run on.
 */
@Group(ResearchJob.GROUP)
@Version(ResearchJob.VERSION)
@ShortNames("bp")
@Plural("browserpools")
@JsonClassDescription(
        "A set of rsrch capability pods, each one Chromium with a fixed number of tabs; every"
                + " call to a pod holds one tab to itself.")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.readyReplicas",
        type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Capability pods that answer their health check.")
@AdditionalPrinterColumn(
        name = "Tabs",
        jsonPath = ".status.tabs",
        type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Tabs on ready pods.")
@AdditionalPrinterColumn(
        name = "Busy",
        jsonPath = ".status.busyTabs",
        type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Tabs held by a running attempt.")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE,
        getDescription = "Time since the pool was created.")
public class BrowserPool extends CustomResource<BrowserPoolSpec, BrowserPoolStatus>
        implements Namespaced {}
