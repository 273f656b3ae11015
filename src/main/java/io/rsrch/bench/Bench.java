package io.rsrch.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code make bench}: measures orchestration overhead, FalkorDB transition times and browser tab
 * costs on this machine, and prints each figure beside its target. Missing a target is reported,
 * never a failure.
 */
public final class Bench {

    /** Windmill's published overhead per job on normal workers, for comparison. */
    private static final double WINDMILL_NORMAL_MS = 50;

    /** Windmill's published overhead per job on dedicated workers, for comparison. */
    private static final double WINDMILL_DEDICATED_MS = 12;

    private Bench() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error e) {
            System.out.flush();
            System.err.println(
                    "bench failed: "
                            + e
                            + "; see target/bench/bench.log, and check that FalkorDB answers on"
                            + " the --falkordb address");
            e.printStackTrace();
            // A part started before the failure (an HTTP server) must not keep the JVM alive.
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String falkordb = option(args, "--falkordb", "redis://127.0.0.1:6398");
        int jobs = Integer.parseInt(option(args, "--jobs", "2000"));
        int tabs = Integer.parseInt(option(args, "--tabs", "16"));
        int transitions = Integer.parseInt(option(args, "--transitions", "1000"));
        Path chromium =
                Path.of(option(args, "--chromium", envOr("RSRCH_CHROMIUM", "/usr/bin/chromium")));
        Path log = Path.of(option(args, "--log", "target/bench/bench.log"));
        List<String> parts =
                List.of(option(args, "--parts", "orchestration,transitions,browser").split(","));
        sendLogsTo(log);

        System.out.println("rsrch benchmark");
        Machine.current().lines().forEach(line -> System.out.println("  " + line));
        System.out.println("  falkordb: " + falkordb + "; component logs in " + log);
        List<Target> targets = new ArrayList<>();
        if (parts.contains("orchestration")) {
            orchestration(falkordb, jobs, tabs, targets);
        }
        if (parts.contains("transitions")) {
            transitions(falkordb, transitions, targets);
        }
        if (parts.contains("browser")) {
            browser(chromium, targets);
        }

        System.out.println();
        System.out.println("Targets");
        targets.forEach(target -> System.out.println("  " + target.line()));
        System.out.printf(
                "  for comparison: Windmill publishes about %s ms of overhead per job on normal"
                        + " workers and about %s ms on dedicated ones%n",
                ms(WINDMILL_NORMAL_MS), ms(WINDMILL_DEDICATED_MS));
        System.out.flush();
        // Library threads (HTTP clients, Playwright) must not keep the command from ending.
        System.exit(0);
    }

    private static void orchestration(String falkordb, int jobs, int tabs, List<Target> targets)
            throws Exception {
        System.out.println();
        System.out.println("1. Orchestration (site 'instant': no browser, answers at once)");
        OrchestrationBench.Result pipeline = new OrchestrationBench(falkordb, jobs, tabs).run();
        printPipeline(pipeline);
        targets.add(
                new Target(
                        "pipeline throughput (burst)",
                        pipeline.burst().jobsPerSecond(),
                        200,
                        false,
                        "jobs/s"));
        targets.add(
                new Target(
                        "(a) submit -> capability call, median (paced)",
                        pipeline.paced().toCall().median(),
                        10,
                        true,
                        "ms"));
        targets.add(
                new Target(
                        "(b) capability answer -> completed, median (paced)",
                        pipeline.paced().toCommit().median(),
                        10,
                        true,
                        "ms"));
        System.out.printf(
                "  paced overhead both ways: %s ms per job (median (a) + median (b)); Windmill"
                        + " publishes about %s ms per job on normal workers%n",
                ms(pipeline.paced().toCall().median() + pipeline.paced().toCommit().median()),
                ms(WINDMILL_NORMAL_MS));
    }

    private static void transitions(String falkordb, int transitions, List<Target> targets) {
        System.out.println();
        System.out.println("2. FalkorDB state transitions (real FalkorJobStore methods)");
        List<TransitionBench.Result> stores =
                new TransitionBench(falkordb, transitions).run(List.of(10, 10_000, 100_000));
        TransitionBench.Result largest = stores.get(stores.size() - 1);
        String size = "%,d".formatted(largest.stored()).replace(',', ' ');
        targets.add(
                new Target(
                        "claim of a job just submitted, " + size + " jobs stored, median",
                        largest.claim().median(),
                        2,
                        true,
                        "ms"));
        targets.add(
                new Target(
                        "complete of that job, " + size + " jobs stored, median",
                        largest.complete().median(),
                        2,
                        true,
                        "ms"));
    }

    private static void browser(Path chromium, List<Target> targets) throws Exception {
        System.out.println();
        System.out.println("3. Browser (real capability, headless Chromium, sandbox site)");
        BrowserBench.Result browser = new BrowserBench(chromium, 2, 40, 50).run();
        printBrowser(browser);
        targets.add(
                new Target(
                        "tab lease median vs 1.1 x bare newPage median",
                        browser.lease().median(),
                        browser.newPage().median() * 1.10,
                        true,
                        "ms"));
    }

    private static void printPipeline(OrchestrationBench.Result result) {
        OrchestrationBench.Batch burst = result.burst();
        OrchestrationBench.Batch paced = result.paced();
        System.out.printf(
                "  throughput: %.0f jobs/s (%d jobs from the first submission to the last"
                        + " completed commit)%n",
                burst.jobsPerSecond(), burst.completed());
        double cpuPerJob = burst.jvmCpuMsPerJob() + burst.falkordbCpuMsPerJob();
        System.out.printf(
                "  CPU per job in the burst: %s ms in this JVM (api, supervision, workers,"
                        + " capability, bench clients) + %s ms in FalkorDB; %d cores could carry"
                        + " at most about %.0f jobs/s if nothing else ran%n",
                ms(burst.jvmCpuMsPerJob()),
                ms(burst.falkordbCpuMsPerJob()),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors() * 1000 / cpuPerJob);
        System.out.println(
                "  (a) submit -> call: from the client sending POST /deep-research/start to the"
                        + " instant site starting the call (request parsed, tab leased)");
        System.out.println(
                "  (b) answer -> completed: from the instant site returning its report to"
                        + " JobLifecycle logging 'processing -> completed', i.e. after FalkorDB"
                        + " answered the commit");
        System.out.printf("  paced at %.0f jobs/s (no queueing):%n", result.pacedRate());
        System.out.println("    (a) submit -> call       " + paced.toCall().describe());
        System.out.println("    (b) answer -> completed  " + paced.toCommit().describe());
        System.out.println("    end to end               " + paced.endToEnd().describe());
        System.out.println("  burst (includes waiting behind the other jobs):");
        System.out.println("    (a) submit -> call       " + burst.toCall().describe());
        System.out.println("    (b) answer -> completed  " + burst.toCommit().describe());
        System.out.printf(
                "  FalkorDB holds %d of the %d measured jobs as completed%n",
                result.inStore(), result.measured());
    }

    private static void printBrowser(BrowserBench.Result result) {
        System.out.printf(
                "  %.2f calls/s per tab (%d tabs, %d calls with '%s'); one call %s%n",
                result.callsPerSecondPerTab(),
                result.tabs(),
                result.calls(),
                BrowserBench.NO_DELAY,
                result.call().describe());
        System.out.println(
                "  the sandbox finishes on its first progress poll with delay=0s (it floors the"
                        + " delay at 1 ns); what remains is the page flow and the adapter's 150 ms"
                        + " polls");
        System.out.println(
                "  tab lease (fresh context + guarded page) " + result.lease().describe());
        System.out.println(
                "  bare Playwright newPage (same browser)    " + result.newPage().describe());
    }

    /** Milliseconds with two decimals, or "n/a". */
    static String ms(double millis) {
        return Double.isNaN(millis) ? "n/a" : String.format(Locale.ROOT, "%.2f", millis);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return fallback;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Writes every component's log to a file, so the console holds only the figures. */
    private static void sendLogsTo(Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("bench-file");
        appender.setFile(file.toString());
        appender.setAppend(false);
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }
}
