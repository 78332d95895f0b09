//! The state a Wasm instance's imports share, and the bounded access to guest memory.

use super::raw::RawAccess;
use crate::gas::{HostGas, LoadMeter, Meter, MeteringGlobal, WasmGas};
use isc_abi::host_abi::OUTPUT_COST_PER_BYTE;
use isc_sandbox::{Sandbox, SandboxView, VmError};

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

impl SandboxRef {
    /// The sandbox, read-only part.
    ///
    /// # Safety
    /// Only while the call it was attached for is in progress, and while no other reference to the
    /// sandbox is live (see above).
    #[inline]
    unsafe fn view<'a>(&self) -> &'a mut (dyn SandboxView + 'static) {
        // SAFETY: the caller's contract.
        unsafe {
            match *self {
                SandboxRef::Func(p) => &mut *p,
                SandboxRef::View(p) => &mut *p,
            }
        }
    }
}

/// Per-instance host state.
pub struct HostEnv {
    /// The sandbox of the call in progress; `None` between calls.
    sandbox: Option<SandboxRef>,
    /// The instance's memory and metering global, once it is instantiated.
    pub(crate) raw: Option<RawAccess>,
    /// The instance's side of the gas handshake (see `gas`).
    gas: WasmGas,
    /// The last variable-length output, for `isc.output`.
    pub(crate) output: Vec<u8>,
    /// Results set by `isc.results`.
    pub(crate) results: Option<isc_abi::Dict>,
    /// The object model of a call of a Pollen-era module (`None` for `isc` modules).
    pub(crate) frame: Option<Box<crate::wasplib::Frame>>,
    /// The meter of a Pollen-era module's `on_load` while it runs.
    load: Option<LoadMeter>,
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
            raw: None,
            gas: WasmGas::new(),
            output: Vec::new(),
            results: None,
            frame: None,
            load: None,
        }
    }

    /// Starts a call against `sandbox`: its meter's remaining gas goes into the metering global.
    pub(crate) fn begin(&mut self, sandbox: SandboxRef) {
        if let Some(raw) = &mut self.raw {
            // SAFETY: the call starts now; nothing else holds the sandbox (see `SandboxRef`).
            self.gas.load(raw, unsafe { &*sandbox.view() });
        }
        self.sandbox = Some(sandbox);
        self.output = Vec::new();
        self.results = None;
    }

    /// Before a Pollen-era module's `on_load`, which runs with no call: a meter of `gas` for it,
    /// its remainder into the metering global.
    pub(crate) fn begin_load(&mut self, gas: u64) {
        let meter = self.load.insert(LoadMeter::new(gas));
        if let Some(raw) = &mut self.raw {
            self.gas.load(raw, meter);
        }
    }

    /// After `on_load`: its meter, with the Wasm it ran since its last host call charged.
    pub(crate) fn end_load(&mut self) -> Option<LoadMeter> {
        let lag = self.lag();
        let mut meter = self.load.take()?;
        // Cannot fail while the handshake holds (the global never exceeds the meter's remainder);
        // if it did, the meter is spent, which the caller reads as running out of gas.
        let _ = meter.charge_wasm(lag);
        Some(meter)
    }

    /// Gas the guest burned since the last host call, not charged to the meter yet (see `gas`).
    pub(crate) fn lag(&self) -> u64 {
        self.raw.as_ref().map_or(0, |raw| self.gas.lag(raw))
    }

    /// Ends the call: forgets the sandbox and the last output, and hands over the results.
    pub(crate) fn end(&mut self) -> Option<isc_abi::Dict> {
        self.sandbox = None;
        self.output = Vec::new();
        self.results.take()
    }

    /// The sandbox of the call in progress as a Pollen-era frame's context (`Load` with its meter
    /// while the module's `on_load` runs).
    ///
    /// # Safety
    /// As for [`Host::view`]: valid for the import in progress, and the caller must not reach the
    /// sandbox or the load meter another way while the context is alive.
    pub(crate) unsafe fn wasplib_ctx<'a>(&mut self) -> Result<crate::wasplib::Ctx<'a>, VmError> {
        // SAFETY: the caller's contract; see `SandboxRef`.
        unsafe {
            Ok(match (self.sandbox.as_ref(), self.load.as_mut()) {
                (Some(SandboxRef::Func(p)), _) => crate::wasplib::Ctx::Func(&mut **p),
                (Some(SandboxRef::View(p)), _) => crate::wasplib::Ctx::View(&mut **p),
                (None, Some(meter)) => crate::wasplib::Ctx::Load(&mut *(meter as *mut LoadMeter)),
                (None, None) => return Err(no_call()),
            })
        }
    }
}

fn no_call() -> VmError {
    VmError::Trap("host: no call in progress".into())
}

fn out_of_bounds(ptr: u32, len: u64) -> VmError {
    VmError::Trap(format!("host: memory range {ptr}+{len} is out of bounds"))
}

/// One import's access to the environment.
pub struct Host<'a> {
    env: &'a mut HostEnv,
}

impl<'a> Host<'a> {
    pub(super) fn new(env: &'a mut HostEnv) -> Self {
        Host { env }
    }

    /// The environment itself (the Pollen-era imports keep their frame there).
    pub(crate) fn env_mut(&mut self) -> &mut HostEnv {
        self.env
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

    fn memory(&mut self) -> Result<&mut RawAccess, VmError> {
        self.env
            .raw
            .as_mut()
            .ok_or_else(|| VmError::Trap("host: the contract exports no memory".into()))
    }

    /// Copies `len` bytes at `ptr` out of guest memory.
    pub fn read(&mut self, ptr: i32, len: i32) -> Result<Vec<u8>, VmError> {
        // Bounds-checked before anything is allocated: a bogus length must not allocate.
        Ok(self.guest(ptr, len as u32 as usize)?.to_vec())
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

    /// The `len` guest bytes at `ptr`, bounds-checked against the memory's current length.
    fn guest(&mut self, ptr: i32, len: usize) -> Result<&mut [u8], VmError> {
        let (ptr, len) = (ptr as u32, len as u64);
        self.memory()?
            .slice(ptr, len)
            .ok_or_else(|| out_of_bounds(ptr, len))
    }

    /// Fills `buf` from guest memory at `ptr`.
    fn read_into(&mut self, ptr: i32, buf: &mut [u8]) -> Result<(), VmError> {
        buf.copy_from_slice(self.guest(ptr, buf.len())?);
        Ok(())
    }

    /// Reads exactly `N` bytes at `ptr`.
    pub fn read_array<const N: usize>(&mut self, ptr: i32) -> Result<[u8; N], VmError> {
        let mut out = [0u8; N];
        self.read_into(ptr, &mut out)?;
        Ok(out)
    }

    /// Reads a UTF-8 string.
    pub fn read_str(&mut self, ptr: i32, len: i32) -> Result<String, VmError> {
        String::from_utf8(self.read(ptr, len)?)
            .map_err(|_| VmError::Trap("host: string is not UTF-8".into()))
    }

    /// Writes `data` to guest memory at `ptr`, charging the copy.
    pub fn write(&mut self, ptr: i32, data: &[u8]) -> Result<(), VmError> {
        self.view()?
            .charge_gas("output", data.len() as u64 * OUTPUT_COST_PER_BYTE)?;
        self.write_charged(ptr, data)
    }

    /// Writes `data` to guest memory at `ptr`; the caller has charged the copy.
    pub(crate) fn write_charged(&mut self, ptr: i32, data: &[u8]) -> Result<(), VmError> {
        self.guest(ptr, data.len())?.copy_from_slice(data);
        Ok(())
    }

    /// A variable-length output: copies `min(len, cap)` bytes to `buf`, keeps all of it for
    /// `isc.output`, and returns the full length.
    pub fn output(&mut self, data: Vec<u8>, buf: i32, cap: i32) -> Result<i32, VmError> {
        self.env.output = data;
        self.last_output(buf, cap)
    }

    /// The last output again.
    pub fn last_output(&mut self, buf: i32, cap: i32) -> Result<i32, VmError> {
        let data = std::mem::take(&mut self.env.output);
        let result = self.copy_out(&data, buf, cap);
        self.env.output = data;
        result
    }

    fn copy_out(&mut self, data: &[u8], buf: i32, cap: i32) -> Result<i32, VmError> {
        let len = i32::try_from(data.len())
            .map_err(|_| VmError::Trap("host: output too large".into()))?;
        let n = data.len().min(cap.max(0) as usize);
        self.write(buf, &data[..n])?;
        Ok(len)
    }

    /// A state value as an output (`-1`, the last output kept, when `key` is absent): read straight
    /// into the buffer kept for `isc.output`, which saves an allocation on the most frequent import.
    pub fn state_output(&mut self, key: &[u8], buf: i32, cap: i32) -> Result<i32, VmError> {
        let mut value = std::mem::take(&mut self.env.output);
        let found = self.view().and_then(|view| view.get_into(key, &mut value));
        self.env.output = value;
        if found? {
            self.last_output(buf, cap)
        } else {
            Ok(-1)
        }
    }

    /// Records the entry point's results.
    pub fn set_results(&mut self, results: isc_abi::Dict) {
        self.env.results = Some(results);
    }
}

impl MeteringGlobal for RawAccess {
    #[inline]
    fn get(&self) -> u64 {
        self.remaining()
    }

    #[inline]
    fn set(&mut self, gas: u64) {
        self.set_remaining(gas)
    }
}

impl HostGas for Host<'_> {
    type Global = RawAccess;
    type Meter = dyn SandboxView;

    /// With no call in progress there is no request's meter (a Pollen-era module's `on_load` has its
    /// own, [`load_parts`](HostGas::load_parts)).
    #[inline]
    fn gas_parts(
        &mut self,
    ) -> Option<(
        &mut WasmGas,
        &mut RawAccess,
        &mut (dyn SandboxView + 'static),
    )> {
        let env = &mut *self.env;
        match (&mut env.raw, &env.sandbox) {
            // SAFETY: see `SandboxRef`: the pointer is valid for the Wasm call this import runs in,
            // and the meter reference ends before the import's operation reaches the sandbox.
            (Some(raw), Some(sandbox)) => Some((&mut env.gas, raw, unsafe { sandbox.view() })),
            _ => None,
        }
    }

    #[inline]
    fn load_parts(&mut self) -> Option<(&mut WasmGas, &mut RawAccess, &mut LoadMeter)> {
        let env = &mut *self.env;
        match (&mut env.raw, &mut env.load, &env.sandbox) {
            (Some(raw), Some(meter), None) => Some((&mut env.gas, raw, meter)),
            _ => None,
        }
    }
}
