//! The four imports of the Pollen-era ABI on wasmer: guest memory in and out, gas, and the frame.
//!
//! Each import runs through the `isc` host's gas sync (Wasm gas burned so far charged in, the
//! meter's remainder written back), charges [`WasmLibCosts::host_call`] for itself and the bytes it
//! moves, and then works in phases that never hold the guest memory and the sandbox at once: read
//! the guest's bytes, run the frame's operation against the sandbox, write the answer back. While
//! `on_load` runs there is no sandbox: the same charges go to the meter of its own bound
//! ([`ON_LOAD_GAS`](super::ON_LOAD_GAS)).

use isc_abi::host_abi::OUTPUT_COST_PER_BYTE;
use isc_gas::WasmLibCosts;
use isc_sandbox::VmError;
use wasmer::{Function, FunctionEnv, FunctionEnvMut, Imports, Store};

use super::frame::Frame;
use super::tags::{Tag, TYPE_CALL};
use super::Ctx;
use crate::host::{with_host, Host, HostEnv};

/// What an import receives from wasmer: the instance's host environment.
type Caller<'a> = FunctionEnvMut<'a, HostEnv>;

/// The frame of the call in progress, taken out of the environment while an import works on it.
fn take_frame(host: &mut Host<'_>) -> Result<Box<Frame>, VmError> {
    host.env_mut()
        .frame
        .take()
        .ok_or_else(|| VmError::Trap("host: no call in progress".into()))
}

/// Runs `op` on the frame and the call's sandbox, after charging an import that moves `bytes`.
fn frame_op<R>(
    host: &mut Host<'_>,
    bytes: u64,
    op: impl FnOnce(&mut Frame, &mut Ctx<'_>) -> Result<R, VmError>,
) -> Result<R, VmError> {
    let mut frame = take_frame(host)?;
    let result = with_ctx(host, |ctx| {
        ctx.charge(WasmLibCosts::DEFAULT.host_call.of(bytes))?;
        op(&mut frame, ctx)
    });
    host.env_mut().frame = Some(frame);
    result
}

/// Runs `f` on the call's context (the sandbox, or `on_load`'s meter).
fn with_ctx<R>(
    host: &mut Host<'_>,
    f: impl FnOnce(&mut Ctx<'_>) -> Result<R, VmError>,
) -> Result<R, VmError> {
    // SAFETY: the import in progress holds no other reference to the sandbox or the load meter
    // while `ctx` lives: guest memory is read before and written after this call.
    let mut ctx = unsafe { host.env_mut().wasplib_ctx()? };
    f(&mut ctx)
}

/// Copies `value` (as much as fits in `len`) to the guest at `ptr`, charging the copy; returns its
/// full length.
fn copy_out(host: &mut Host<'_>, value: &[u8], ptr: i32, len: i32) -> Result<i32, VmError> {
    let full =
        i32::try_from(value.len()).map_err(|_| VmError::Trap("host: value too large".into()))?;
    if len > 0 {
        let n = value.len().min(len as usize);
        with_ctx(host, |ctx| ctx.charge(n as u64 * OUTPUT_COST_PER_BYTE))?;
        host.write_charged(ptr, &value[..n])?;
    }
    Ok(full)
}

/// The imports of a module built for `tag`.
pub fn imports(store: &mut Store, env: &FunctionEnv<HostEnv>, tag: Tag) -> Imports {
    let [key_name, object_name, get_name, set_name] = tag.imports();
    let mut imports = Imports::new();
    let key = Function::new_typed_with_env(store, env, |e: Caller, ptr: i32, len: i32| {
        with_host(e, |h| {
            // A negative length marks a byte key of `-len - 1` bytes.
            let n = if len < 0 {
                -(i64::from(len)) - 1
            } else {
                i64::from(len)
            };
            let bytes = h.read(ptr, n as i32)?;
            frame_op(h, n as u64, |f, _| f.key_id(&bytes))
        })
    });
    let object =
        Function::new_typed_with_env(store, env, |e: Caller, obj: i32, key: i32, ty: i32| {
            with_host(e, |h| {
                frame_op(h, 0, |f, ctx| f.object_id(ctx, obj, key, ty))
            })
        });
    let get = Function::new_typed_with_env(
        store,
        env,
        move |e: Caller, obj: i32, key: i32, ty: i32, ptr: i32, len: i32| {
            with_host(e, |h| {
                if len < 0 {
                    let found = frame_op(h, 0, |f, ctx| f.exists(ctx, obj, key, ty))?;
                    return Ok(if found { 0 } else { -1 });
                }
                if tag == Tag::V02 && ty & TYPE_CALL != 0 {
                    if ty == TYPE_CALL {
                        let args = h.read(ptr, len)?;
                        let n =
                            frame_op(h, len as u64, |f, ctx| f.call_utility(ctx, obj, key, &args))?;
                        return i32::try_from(n)
                            .map_err(|_| VmError::Trap("host: result too large".into()));
                    }
                    if ty != TYPE_CALL + 1 {
                        return Err(VmError::Panic(
                            "HostGetBytes: Invalid func call state".into(),
                        ));
                    }
                    let out = frame_op(h, 0, |f, _| f.take_utility_result(key))?;
                    return match out {
                        None => Ok(-1),
                        Some(v) => copy_out(h, &v, ptr, len),
                    };
                }
                match frame_op(h, 0, |f, ctx| f.get(ctx, obj, key, ty))? {
                    None => Ok(-1),
                    Some(v) => copy_out(h, &v, ptr, len),
                }
            })
        },
    );
    let set = Function::new_typed_with_env(
        store,
        env,
        |e: Caller, obj: i32, key: i32, ty: i32, ptr: i32, len: i32| {
            with_host(e, |h| {
                if len < 0 {
                    return Err(VmError::Panic(format!("SetBytes: invalid length {len}")));
                }
                let value = h.read(ptr, len)?;
                frame_op(h, len as u64, |f, ctx| f.set(ctx, obj, key, ty, &value))
            })
        },
    );
    let module = tag.module();
    imports.define(module, key_name, key);
    imports.define(module, object_name, object);
    imports.define(module, get_name, get);
    imports.define(module, set_name, set);
    imports
}
