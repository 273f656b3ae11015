package io.rsrch.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/** What the operator has seen of a {@link BrowserPool}: pods ready, tabs and tabs in use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrowserPoolStatus {

    /** Capability pods that answer their health check. */
    @JsonPropertyDescription("Capability pods that answer their health check.")
    private Integer readyReplicas;

    /** Capability pods that exist, ready or not. */
    @JsonPropertyDescription("Capability pods that exist, ready or not.")
    private Integer replicas;

    /** Tabs on ready pods: ready pods times tabs per pod. */
    @JsonPropertyDescription("Tabs on ready pods: ready pods times tabs per pod.")
    private Integer tabs;

    /** Tabs held by a running attempt right now. */
    @JsonPropertyDescription("Tabs held by a running attempt right now.")
    private Integer busyTabs;

    /** The metadata.generation this status describes. */
    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    /** Address workers call the pool's capabilities at. */
    @JsonPropertyDescription(
            "Address workers call the pool's capabilities at, such as"
                    + " http://rsrch-pool-default.rsrch.svc:3002.")
    private String serviceUrl;

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getTabs() {
        return tabs;
    }

    public void setTabs(Integer tabs) {
        this.tabs = tabs;
    }

    public Integer getBusyTabs() {
        return busyTabs;
    }

    public void setBusyTabs(Integer busyTabs) {
        this.busyTabs = busyTabs;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getServiceUrl() {
        return serviceUrl;
    }

    public void setServiceUrl(String serviceUrl) {
        this.serviceUrl = serviceUrl;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof BrowserPoolStatus that)) {
            return false;
        }
        return Objects.equals(readyReplicas, that.readyReplicas)
                && Objects.equals(replicas, that.replicas)
                && Objects.equals(tabs, that.tabs)
                && Objects.equals(busyTabs, that.busyTabs)
                && Objects.equals(observedGeneration, that.observedGeneration)
                && Objects.equals(serviceUrl, that.serviceUrl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                readyReplicas, replicas, tabs, busyTabs, observedGeneration, serviceUrl);
    }
}
