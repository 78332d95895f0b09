//! A VM type `test` whose programs are a fixed native counter contract: lets the tests deploy through
//! root, the blob registry and a `VmFactory` without Wasm.

use std::sync::Arc;

use isc_abi::{Codec, Dict, Hash, Hname};
use isc_native_contracts::{Handler, NativeContract};
use isc_runtime::VmFactory;
use isc_sandbox::{Processor, Sandbox, SandboxView, VmError};

fn counter(ctx: &mut dyn SandboxView) -> Result<u64, VmError> {
    Ok(match ctx.get(b"counter")? {
        Some(b) => u64::decode(&b).map_err(|e| VmError::panic(e.to_string()))?,
        None => 0,
    })
}

fn init(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let start: u64 = isc_native_contracts::params::optional(ctx.params()?, "start")?.unwrap_or(0);
    ctx.set(b"counter", &start.encode())?;
    Ok(Dict::new())
}

fn increment(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let n = counter(ctx)? + 1;
    ctx.set(b"counter", &n.encode())?;
    ctx.emit_event(&format!("counter is {n}"))?;
    Ok(Dict::new())
}

fn fail_after_write(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    ctx.set(b"counter", &999u64.encode())?;
    ctx.emit_event("this event must not survive")?;
    Err(VmError::panic("deliberate failure"))
}

fn burn(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    loop {
        ctx.blake2b(&[0u8; 1024])?;
    }
}

fn recurse(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let me = ctx.contract();
    ctx.call(me, Hname::new("recurse"), Dict::new(), Default::default())
}

fn get_counter(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let n = counter(ctx)?;
    Ok(isc_native_contracts::params::result("counter", &n))
}

fn write_from_view_attempt(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    // A func calling its own view: allowed. The view cannot write (it only gets a SandboxView).
    let me = ctx.contract();
    ctx.call_view(me, Hname::new("getCounter"), Dict::new())
}

/// The program every `test` blob runs.
pub static COUNTER: NativeContract = NativeContract {
    name: "test-counter",
    hname: Hname(0x5eed_0001),
    description: "counter for tests",
    entry_points: &[
        ("init", Handler::Func(init)),
        ("increment", Handler::Func(increment)),
        ("failAfterWrite", Handler::Func(fail_after_write)),
        ("burn", Handler::Func(burn)),
        ("recurse", Handler::Func(recurse)),
        ("callOwnView", Handler::Func(write_from_view_attempt)),
        ("getCounter", Handler::View(get_counter)),
    ],
};

/// The `test` VM: accepts programs that start with `counter`, rejects anything else.
pub struct TestVm;

impl VmFactory for TestVm {
    fn vm_type(&self) -> &'static str {
        "test"
    }

    fn validate(&self, binary: &[u8]) -> Result<(), VmError> {
        if binary.starts_with(b"counter") {
            Ok(())
        } else {
            Err(VmError::Program("test VM: not a counter program".into()))
        }
    }

    fn load(&self, _hash: &Hash, binary: &[u8]) -> Result<Arc<dyn Processor>, VmError> {
        if binary.starts_with(b"counter") {
            Ok(Arc::new(COUNTER.processor()))
        } else {
            Err(VmError::Program("test VM: not a counter program".into()))
        }
    }
}
