//! The contract the demo deploys: the example `inccounter`, built from contracts/inccounter for
//! wasm32 (scripts/build-contracts.sh) and embedded, so that the demo runs on its defaults anywhere.

/// contracts/wasm/inccounter.wasm.
pub const INCCOUNTER_WASM: &[u8] = include_bytes!("../../../../contracts/wasm/inccounter.wasm");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_contract_is_valid_wasm() {
        let report =
            isc_runtime::wasm::validate::validate(INCCOUNTER_WASM, &Default::default()).unwrap();
        assert!(report
            .entry_points
            .iter()
            .any(|e| e.export == "fn:increment"));
    }
}
