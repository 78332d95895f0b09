//! The contracts the demo deploys: the examples `inccounter` and `pingpong`, built from contracts/ for
//! wasm32 (scripts/build-contracts.sh) and embedded, so that the demo runs on its defaults anywhere.

/// contracts/wasm/inccounter.wasm.
pub const INCCOUNTER_WASM: &[u8] = include_bytes!("../../../../contracts/wasm/inccounter.wasm");

/// contracts/wasm/pingpong.wasm.
pub const PINGPONG_WASM: &[u8] = include_bytes!("../../../../contracts/wasm/pingpong.wasm");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_contract_is_valid_wasm() {
        let report = isc_wasm::validate::validate(INCCOUNTER_WASM, &Default::default()).unwrap();
        assert!(report
            .entry_points
            .iter()
            .any(|e| e.export == "fn:increment"));
        let report = isc_wasm::validate::validate(PINGPONG_WASM, &Default::default()).unwrap();
        assert!(report.entry_points.iter().any(|e| e.export == "fn:ping"));
    }
}
