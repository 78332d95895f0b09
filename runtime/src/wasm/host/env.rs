//! The state a Wasm instance's imports share, and the bounded access to guest memory.

use isc_abi::host_abi::OUTPUT_COST_PER_BYTE;
use isc_sandbox::{Sandbox, SandboxView, VmError};
use wasmer::{Global, Memory, StoreMut, Value};

/// The sandbox a call runs against. A raw pointer because wasmer's environments must be `'static`:
/// the processor attaches it to the environment right before the Wasm call ([`HostEnv::begin`]) and
/// detaches it right after ([`HostEnv::end`]), before it returns, whatever the outcome; an instance
/// that goes back to a pool keeps no pointer. So it never outlives the borrow it came from.
pub enum SandboxRef {
    /// A func's sandbox.
    Func(*mut (dyn Sandbox + 'static)),
    /// A view's sandbox.
    View(*mut (dyn SandboxView + 'static)),
}

/// Per-instance host state.
pub struct HostEnv {
    /// The sandbox of the call in progress; `None` between calls.
    sandbox: Option<SandboxRef>,
    pub(crate) memory: Option<Memory>,
    pub(crate) remaining: Option<Global>,
    /// Remaining gas as last written into the metering global.
    pub(crate) synced: u64,
    /// The last variable-length output, for `isc.output`.
    pub(crate) output: Vec<u8>,
    /// Results set by `isc.results`.
    pub(crate) results: Option<isc_abi::Dict>,
}

// SAFETY: the sandbox pointer is only set during a call, on the thread of that call (`begin` to
// `end`), and is never sent anywhere; between calls (while an instance is idle in a pool) it is
// `None`. wasmer only requires `Send` of environment types.
unsafe impl Send for HostEnv {}

impl Default for HostEnv {
    fn default() -> Self {
        HostEnv::new()
    }
}

impl HostEnv {
    /// An environment with no call in progress; memory and globals are attached after instantiation.
    pub fn new() -> Self {
        HostEnv {
            sandbox: None,
            memory: None,
            remaining: None,
            synced: 0,
            output: Vec::new(),
            results: None,
        }
    }

    /// Starts a call against `sandbox`, whose meter has `budget` gas left (the value just written
    /// into the metering global).
    pub(crate) fn begin(&mut self, sandbox: SandboxRef, budget: u64) {
        self.sandbox = Some(sandbox);
        self.synced = budget;
        self.output = Vec::new();
        self.results = None;
    }

    /// Ends the call: forgets the sandbox and the last output, and hands over the results.
    pub(crate) fn end(&mut self) -> Option<isc_abi::Dict> {
        self.sandbox = None;
        self.output = Vec::new();
        self.results.take()
    }
}

fn no_call() -> VmError {
    VmError::Trap("host: no call in progress".into())
}

fn out_of_bounds(ptr: u32, len: u64) -> VmError {
    VmError::Trap(format!("host: memory range {ptr}+{len} is out of bounds"))
}

/// One import's access to the environment and the store.
pub struct Host<'a> {
    env: &'a mut HostEnv,
    store: StoreMut<'a>,
}

impl<'a> Host<'a> {
    pub(super) fn new(env: &'a mut HostEnv, store: StoreMut<'a>) -> Self {
        Host { env, store }
    }

    /// The sandbox, read-only part. Imports only run during a call, so it is always there; the error
    /// is for an import run some other way.
    pub fn view(&mut self) -> Result<&mut dyn SandboxView, VmError> {
        // SAFETY: see `SandboxRef`: the pointer is valid for the duration of the Wasm call this import
        // runs in, and no other reference to the sandbox is live while the import runs.
        unsafe {
            match self.env.sandbox {
                Some(SandboxRef::Func(p)) => Ok(&mut *p),
                Some(SandboxRef::View(p)) => Ok(&mut *p),
                None => Err(no_call()),
            }
        }
    }

    /// The func sandbox; `import` names the import for the error a view gets.
    pub fn func(&mut self, import: &str) -> Result<&mut dyn Sandbox, VmError> {
        match self.env.sandbox {
            // SAFETY: as in `view`.
            Some(SandboxRef::Func(p)) => Ok(unsafe { &mut *p }),
            Some(SandboxRef::View(_)) => Err(VmError::Trap(format!(
                "host: isc.{import} is not available in a view"
            ))),
            None => Err(no_call()),
        }
    }

    /// Charges the Wasm gas burned since the last sync.
    pub(super) fn sync_in(&mut self) -> Result<(), VmError> {
        let Some(global) = self.env.remaining.clone() else {
            return Ok(());
        };
        let now = match global.get(&mut self.store) {
            Value::I64(v) => v as u64,
            _ => {
                return Err(VmError::Trap(
                    "host: metering global has the wrong type".into(),
                ))
            }
        };
        let used = self.env.synced.saturating_sub(now);
        self.env.synced = now;
        self.view()?.charge_gas("wasm", used)
    }

    /// Writes the meter's remaining gas back into the metering global.
    pub(super) fn sync_out(&mut self) -> Result<(), VmError> {
        let Some(global) = self.env.remaining.clone() else {
            return Ok(());
        };
        let remaining = self.view()?.gas_remaining();
        self.env.synced = remaining;
        global
            .set(&mut self.store, Value::I64(remaining as i64))
            .map_err(|e| VmError::Trap(format!("host: cannot set the metering global: {e}")))
    }

    fn memory(&self) -> Result<Memory, VmError> {
        self.env
            .memory
            .clone()
            .ok_or_else(|| VmError::Trap("host: the contract exports no memory".into()))
    }

    /// Copies `len` bytes at `ptr` out of guest memory.
    pub fn read(&mut self, ptr: i32, len: i32) -> Result<Vec<u8>, VmError> {
        let (start, n) = (ptr as u32, len as u32);
        // Checked before the allocation: a bogus length must not allocate.
        if u64::from(start) + u64::from(n) > self.memory()?.view(&self.store).data_size() {
            return Err(out_of_bounds(start, u64::from(n)));
        }
        let mut buf = vec![0u8; n as usize];
        self.read_into(ptr, &mut buf)?;
        Ok(buf)
    }

    /// Runs `f` on a copy of the `len` bytes at `ptr`: on the stack when they are few (keys, small
    /// values), saving an allocation on the most frequent imports.
    pub fn with_read<R>(
        &mut self,
        ptr: i32,
        len: i32,
        f: impl FnOnce(&mut Self, &[u8]) -> Result<R, VmError>,
    ) -> Result<R, VmError> {
        const SMALL: usize = 128;
        let n = len as u32 as usize;
        if n > SMALL {
            let bytes = self.read(ptr, len)?;
            return f(self, &bytes);
        }
        let mut buf = [0u8; SMALL];
        self.read_into(ptr, &mut buf[..n])?;
        f(self, &buf[..n])
    }

    /// Fills `buf` from guest memory at `ptr`.
    fn read_into(&mut self, ptr: i32, buf: &mut [u8]) -> Result<(), VmError> {
        let ptr = ptr as u32;
        let len = buf.len() as u64;
        let memory = self.memory()?;
        let view = memory.view(&self.store);
        if u64::from(ptr) + len > view.data_size() {
            return Err(out_of_bounds(ptr, len));
        }
        view.read(u64::from(ptr), buf)
            .map_err(|_| out_of_bounds(ptr, len))
    }

    /// Reads exactly `N` bytes at `ptr`.
    pub fn read_array<const N: usize>(&mut self, ptr: i32) -> Result<[u8; N], VmError> {
        let bytes = self.read(ptr, N as i32)?;
        let mut out = [0u8; N];
        out.copy_from_slice(&bytes);
        Ok(out)
    }

    /// Reads a UTF-8 string.
    pub fn read_str(&mut self, ptr: i32, len: i32) -> Result<String, VmError> {
        String::from_utf8(self.read(ptr, len)?)
            .map_err(|_| VmError::Trap("host: string is not UTF-8".into()))
    }

    /// Writes `data` to guest memory at `ptr`, charging the copy.
    pub fn write(&mut self, ptr: i32, data: &[u8]) -> Result<(), VmError> {
        let ptr = ptr as u32;
        self.view()?
            .charge_gas("output", data.len() as u64 * OUTPUT_COST_PER_BYTE)?;
        let memory = self.memory()?;
        let view = memory.view(&self.store);
        let end = u64::from(ptr) + data.len() as u64;
        if end > view.data_size() {
            return Err(out_of_bounds(ptr, data.len() as u64));
        }
        view.write(u64::from(ptr), data)
            .map_err(|_| out_of_bounds(ptr, data.len() as u64))
    }

    /// A variable-length output: copies `min(len, cap)` bytes to `buf`, keeps all of it for
    /// `isc.output`, and returns the full length.
    pub fn output(&mut self, data: Vec<u8>, buf: i32, cap: i32) -> Result<i32, VmError> {
        let len = i32::try_from(data.len())
            .map_err(|_| VmError::Trap("host: output too large".into()))?;
        let n = data.len().min(cap.max(0) as usize);
        self.write(buf, &data[..n])?;
        self.env.output = data;
        Ok(len)
    }

    /// The last output again.
    pub fn last_output(&mut self, buf: i32, cap: i32) -> Result<i32, VmError> {
        let data = std::mem::take(&mut self.env.output);
        self.output(data, buf, cap)
    }

    /// Records the entry point's results.
    pub fn set_results(&mut self, results: isc_abi::Dict) {
        self.env.results = Some(results);
    }
}
