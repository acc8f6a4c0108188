# dteval — common tasks. `make test` is what CI runs (see .ci/run).
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS := -X main.version=$(VERSION) -X main.buildCommit=$(COMMIT)

.PHONY: build test vet race bench fuzz demo check fmt clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o dteval ./cmd/dteval

test:
	$(GO) test ./...

vet:
	gofmt -l . | (! grep .) || (echo "gofmt needed on the files above"; exit 1)
	$(GO) vet ./...

race:
	$(GO) test -race -short ./...

# Benchmarks of every stage (reading, validating, scoring with sensitivity, rendering).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./evaluator/ ./templates/

# Long fuzzing by hand (CI only runs the seed corpora): FUZZTIME=5m make fuzz
# -fuzzminimizetime keeps the engine from stalling on minimising large (workbook) inputs.
FUZZTIME ?= 1m
FUZZ_TARGETS = FuzzLoad FuzzExpr FuzzReadNumber FuzzReadResults FuzzReadAdjustments FuzzReadWorkbookBytes
fuzz:
	for t in $(FUZZ_TARGETS); do \
		$(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./evaluator/ || exit 1; \
	done
	$(GO) test -run '^$$' -fuzz '^FuzzPDFWriterText$$' -fuzztime $(FUZZTIME) ./templates/

demo:
	$(GO) run ./cmd/dteval demo -o out/demo -force

check:
	$(GO) run ./cmd/dteval check indicators/wuxi-2025.yaml

clean:
	rm -rf dteval out
