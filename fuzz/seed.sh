#!/usr/bin/env bash
# Fills corpus/<target>/ with the seeds of each fuzz target, from the crate's own examples and
# test fixtures (and, when LIGHTHOUSE_REFERENCE_DATA names the folder of Microsoft's files, from
# Microsoft's Lighthouse samples). Run from anywhere; existing corpus files are kept.
set -euo pipefail
cd "$(dirname "$0")"
repo=..
mkdir -p corpus/{read_offer,png_check,arm_template,arm_parameters,yaml_offer,deployed,terraform,bicep,lsp_stream}

for example in "$repo"/examples/*/; do
    name="$(basename "$example")"
    cp "$example/offer.json" "corpus/read_offer/$name.json"
    for png in "$example"/logos/*.png "$example"/screenshots/*.png; do
        cp "$png" "corpus/png_check/$name-$(basename "$png")"
    done
done

# ARM: every template and parameters file of the fixtures alone, and each parameters file
# with the template of the same name (`x.parameters.json` with `x.json`), joined by a NUL byte.
samples=()
[[ -n "${LIGHTHOUSE_REFERENCE_DATA:-}" ]] && samples+=("$LIGHTHOUSE_REFERENCE_DATA/lighthouse-samples")
n=0
while IFS= read -r -d '' file; do
    n=$((n + 1))
    cp "$file" "corpus/arm_template/$n-$(basename "$file")"
    case "$file" in
    *.parameters.json)
        template="${file%.parameters.json}.json"
        if [[ ! -f "$template" ]]; then
            # Else the one other JSON file of the folder, if there is one.
            template="$(find "$(dirname "$file")" -maxdepth 1 -name '*.json' ! -name '*parameters*' | head -n 1)"
        fi
        if [[ -n "$template" && -f "$template" ]]; then
            { cat "$file"; printf '\0'; cat "$template"; } >"corpus/arm_parameters/$n-$(basename "$file")"
        fi
        ;;
    esac
done < <(find "$repo/tests/fixtures" "${samples[@]}" -name '*.json' -print0 | sort -z)

cp "$repo"/examples/contoso-sentinel/offer.yaml corpus/yaml_offer/
cp "$repo"/examples/contoso-sentinel/deployed/*.json corpus/deployed/
# Bicep: every .bicep file of the fixtures alone, and each .bicepparam file after a NUL byte
# following the file its `using` names (or `main.bicep` of its folder).
while IFS= read -r -d '' file; do
    n=$((n + 1))
    cp "$file" "corpus/bicep/$n-$(basename "$file")"
done < <(find "$repo/tests/fixtures" -name '*.bicep' -print0 | sort -z)
while IFS= read -r -d '' file; do
    n=$((n + 1))
    main="$(dirname "$file")/$(sed -n "s/^using '\(.*\)'.*/\1/p" "$file" | head -n 1)"
    [[ -f "$main" ]] || main="$(dirname "$file")/main.bicep"
    if [[ -f "$main" ]]; then
        { cat "$main"; printf '\0'; cat "$file"; } >"corpus/bicep/$n-$(basename "$file")"
    fi
done < <(find "$repo/tests/fixtures" -name '*.bicepparam' -print0 | sort -z)

# The language server's stream: a session as an editor sends it (initialize, open the example,
# change it, hover, shut down), each message framed with its Content-Length.
frame() { local LC_ALL=C; printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
offer="$(sed 's/\\/\\\\/g; s/"/\\"/g' "$repo/examples/contoso-sentinel/offer.json" | tr '\n' ' ')"
{
    frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
    frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
    frame "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///offer.json\",\"languageId\":\"json\",\"version\":1,\"text\":\"$offer\"}}}"
    frame '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///offer.json"},"position":{"line":3,"character":5}}}'
    frame '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
    frame '{"jsonrpc":"2.0","method":"exit"}'
} >corpus/lsp_stream/session
frame '{"jsonrpc":"2.0","id":"a","result":null}' >corpus/lsp_stream/response
printf 'Content-Length: 5\r\n\r\n{"a":' >corpus/lsp_stream/truncated

for target in corpus/*/; do
    echo "$(basename "$target"): $(ls "$target" | wc -l) seeds"
done

# Terraform: each `.tf` file of the fixtures, with the `terraform.tfvars` of its folder after a
# NUL byte when there is one; each plan's JSON alone.
while IFS= read -r -d '' file; do
    name="$(echo "${file#"$repo"/tests/fixtures/terraform/}" | tr '/' '-')"
    vars="$(dirname "$file")/terraform.tfvars"
    if [[ -f "$vars" ]]; then
        { cat "$file"; printf '\0'; cat "$vars"; } >"corpus/terraform/$name"
    else
        cp "$file" "corpus/terraform/$name"
    fi
done < <(find "$repo/tests/fixtures/terraform" \( -name '*.tf' -o -name '*.json' \) -print0 | sort -z)
