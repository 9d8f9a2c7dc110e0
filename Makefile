# Precursor Watch — the project's vocabulary.
GO        ?= go
BIN       ?= bin/precursor
PKGS      ?= ./...
FUZZTIME  ?= 10s
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Real-broker tests (see .ci/kafka/kafka.sh and docs/kafka-cluster.md): a
# three-broker Apache Kafka cluster in KRaft mode on 127.0.0.1, jars fetched
# from Maven Central. Broker N listens on KAFKA_PORT+N-1 (PLAINTEXT),
# +N+2 (SASL) and +N+5 (SSL); the controller on KAFKA_CONTROLLER_PORT
# (empty = KAFKA_PORT+9).
KAFKA_PORT            ?= 19092
KAFKA_CONTROLLER_PORT ?=
# Empty = the version pinned in .ci/kafka/pom.xml.
KAFKA_VERSION         ?=
# The end-to-end suite run against it by test-kafka.
E2E_RUN               ?= E2E|EndToEnd|Kafka
E2E_PKGS              ?= ./pipeline/... ./internal/kafkatest/...
export GO KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_VERSION E2E_RUN E2E_PKGS FUZZTIME

# Soak: `precursor run` as a process of its own against a broker
# (SOAK_BROKERS, PLAINTEXT; empty: an embedded broker in the soak driver),
# fed SOAK_RATE manifests/s for SOAK_DURATION; fails on heap, RSS or
# goroutine growth (see docs/performance.md). The embedded broker keeps
# every event in memory: about 2.4 KB each, 4.3 GB for the default 30
# minutes at 1,000/s.
SOAK_DURATION ?= 30m
SOAK_RATE     ?= 1000
SOAK_BROKERS  ?=
SOAK_REPLICATION ?= 1

.PHONY: soak all build test lint vet bench fuzz demo ci ci-deps kafka-up kafka-down kafka-fetch test-kafka interop prom-check resolver test-structure catalog-data catalog-data-check demo-structure test-browser

all: build

build:
	$(GO) build -o $(BIN) ./cmd/precursor

test:
	$(GO) test -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS) ./.ci/kafkactl

lint: vet
	$(GO) run $(STATICCHECK) $(PKGS)
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

soak: build
	$(BIN) soak --duration $(SOAK_DURATION) --rate $(SOAK_RATE) \
		$(if $(SOAK_BROKERS),--brokers $(SOAK_BROKERS) --replication-factor $(SOAK_REPLICATION))

# Every fuzz target for FUZZTIME, one at a time (make fuzz FUZZTIME=1m).
fuzz:
	FUZZ_PKGS='$(PKGS)' bash .ci/fuzz.sh

demo: build
	$(BIN) demo

# Start / stop the local Kafka cluster (idempotent; data, certificates and
# logs under .cache/kafka). eval "$$(.ci/kafka/kafka.sh env)" loads its
# description for go test by hand.
kafka-up:
	bash .ci/kafka/kafka.sh up

kafka-down:
	bash .ci/kafka/kafka.sh down

kafka-fetch:
	bash .ci/kafka/kafka.sh fetch

# End-to-end suite against the real cluster, one package at a time, none
# skipped; stops the cluster afterwards if it started it, even when tests
# fail.
test-kafka:
	bash .ci/test-kafka.sh

# kcat (librdkafka) produces and consumes around `precursor run`.
interop: build
	PRECURSOR_BIN=$(abspath $(BIN)) bash .ci/interop-kcat.sh

# promtool + a real Prometheus against deploy/ and `precursor demo`.
prom-check: build
	PRECURSOR_BIN=$(abspath $(BIN)) bash .ci/prom-check.sh

# The structure resolver (structure/resolver: OPSIN + CDK, Java 17, jars from
# Maven Central) as .cache/resolver/resolver.jar; rebuilt only when it changed.
resolver:
	bash .ci/structure/resolver.sh

# Builds the resolver with its JUnit tests, starts it, runs the Go tests that
# need it (-tags structure: client against a real resolver, crash and slow
# cases, pattern lint, dev and held-out evaluation; the pipeline end to end
# with the real resolver, killed mid-stream) and
# `precursor catalog lint --structure`.
test-structure: build
	PRECURSOR_BIN=$(abspath $(BIN)) bash .ci/structure/test.sh

# Regenerate chemicals/names.generated.yaml (build time only): installs a
# Python venv (pinned chemicals, rdkit) and OPSIN under .cache/catalogdata.
catalog-data:
	bash chemicals/catalogdata/run.sh

# Fails when the committed generated names differ from a fresh run.
catalog-data-check:
	bash .ci/catalog-data-check.sh

# The demo with the structure resolver (started from the jar `make resolver`
# builds) and uncatalogued derivatives in the synthetic feed.
demo-structure: build resolver
	$(BIN) demo --structure

# Debian packages the CI steps need (kcat, prometheus, jq, curl, maven, java).
ci-deps:
	bash .ci/deps.sh

# Everything CI runs.
ci:
	bash .ci/run

# The console in a real browser: Debian's chromium driven by chromedp
# (installed when missing); screenshots land in testresults/browser/.
test-browser:
	bash .ci/test-browser.sh
