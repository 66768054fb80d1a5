#!/usr/bin/env bash
# Fills corpus/<target>/ with the seeds of each fuzz target, from the crate's own examples and
# test fixtures (and, when LIGHTHOUSE_REFERENCE_DATA names the folder of Microsoft's files, from
# Microsoft's Lighthouse samples). Run from anywhere; existing corpus files are kept.
set -euo pipefail
cd "$(dirname "$0")"
repo=..
mkdir -p corpus/{read_offer,png_check,arm_template,arm_parameters,yaml_offer,deployed,terraform}

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
