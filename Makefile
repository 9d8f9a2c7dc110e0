# Precursor Watch — the project's vocabulary.
GO        ?= go
BIN       ?= bin/precursor
PKGS      ?= ./...
FUZZTIME  ?= 10s
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Real-broker tests (see .ci/kafka/kafka.sh): a single-node Apache Kafka in
# KRaft mode on 127.0.0.1:$(KAFKA_PORT), jars fetched from Maven Central.
KAFKA_PORT            ?= 19092
KAFKA_CONTROLLER_PORT ?= 19093
# Empty = the version pinned in .ci/kafka/pom.xml.
KAFKA_VERSION         ?=
# The end-to-end suite run against it by test-kafka.
E2E_RUN               ?= E2E|EndToEnd|Kafka
E2E_PKGS              ?= ./pipeline/...
export GO KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_VERSION E2E_RUN E2E_PKGS FUZZTIME

.PHONY: all build test lint vet bench fuzz demo ci ci-deps kafka-up kafka-down kafka-fetch test-kafka interop prom-check test-browser

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

# Every fuzz target for FUZZTIME, one at a time (make fuzz FUZZTIME=1m).
fuzz:
	FUZZ_PKGS='$(PKGS)' bash .ci/fuzz.sh

demo: build
	$(BIN) demo

# Start / stop the local Kafka broker (idempotent; data under .cache/kafka).
kafka-up:
	bash .ci/kafka/kafka.sh up

kafka-down:
	bash .ci/kafka/kafka.sh down

kafka-fetch:
	bash .ci/kafka/kafka.sh fetch

# End-to-end suite against the real broker; stops it afterwards if it
# started it, even when tests fail.
test-kafka:
	bash .ci/test-kafka.sh

# kcat (librdkafka) produces and consumes around `precursor run`.
interop: build
	PRECURSOR_BIN=$(abspath $(BIN)) bash .ci/interop-kcat.sh

# promtool + a real Prometheus against deploy/ and `precursor demo`.
prom-check: build
	PRECURSOR_BIN=$(abspath $(BIN)) bash .ci/prom-check.sh

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
