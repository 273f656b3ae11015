# rsrch: `make demo` runs one Deep Research job end to end; `make test` runs the whole suite.
# Both install what they need first (Chromium, valkey + FalkorDB module) and are safe to re-run.

MVN ?= mvn -B --no-transfer-progress -Dstyle.color=never
QUERY ?= How do durable job queues avoid losing work when a worker crashes?
# Taken literally ($(value ...)) and handed to the demo through the environment, so quotes,
# braces, backticks and $ reach it untouched and nothing in it is run by a shell.
override QUERY := $(value QUERY)
export QUERY
JAR := target/rsrch.jar
SOURCES := pom.xml $(shell find src/main -type f 2>/dev/null)

.PHONY: demo test bench deps build format clean crds

demo: deps $(JAR)
	@scripts/demo.sh

test: deps windmill/node_modules
	npm test --prefix windmill
	$(MVN) verify

# Prints orchestration, FalkorDB and browser figures beside their targets (README, Benchmarks);
# runs a FalkorDB of its own on port 6398 and exits 0 whether or not the targets are met.
bench: deps $(JAR)
	@scripts/bench.sh

# The Windmill scripts' own dependencies (pinned in windmill/package-lock.json); the Java tests
# also read windmill-client's route table from here and run the worker under Node.
windmill/node_modules: windmill/package.json windmill/package-lock.json
	npm ci --prefix windmill --no-audit --no-fund
	@touch windmill/node_modules

deps:
	@scripts/install-deps.sh

build: $(JAR)

# The build's output is kept in target/build.log and shown only when it fails (Debian's Maven 3.8
# prints stray colour codes even in quiet batch mode).
$(JAR): $(SOURCES)
	@mkdir -p target
	@echo "building $(JAR)"
	@$(MVN) -q package -DskipTests > target/build.log 2>&1 || { cat target/build.log; exit 1; }
	@touch $(JAR)

format:
	$(MVN) -q spotless:apply

clean:
	rm -rf target .run

# Regenerates the CRDs from the Java model into crds/ and the Helm chart; CrdDriftTest fails
# until this has been run after a model change.
crds:
	$(MVN) -q process-classes
	cp target/classes/META-INF/fabric8/researchjobs.rsrch.io-v1.yml target/classes/META-INF/fabric8/browserpools.rsrch.io-v1.yml crds/
	cp crds/*.yml helm/rsrch/crds/
