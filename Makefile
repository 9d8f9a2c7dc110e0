# Precursor Watch — the project's vocabulary.
GO        ?= go
BIN       ?= bin/precursor
PKGS      ?= ./...
FUZZTIME  ?= 10s
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all build test lint bench fuzz demo

all: build

build:
	$(GO) build -o $(BIN) ./cmd/precursor

test:
	$(GO) test -count=1 $(PKGS)

lint:
	$(GO) vet $(PKGS)
	$(GO) run $(STATICCHECK) $(PKGS)
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

demo: build
	$(BIN) demo
