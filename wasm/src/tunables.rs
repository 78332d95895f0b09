//! wasmer tunables of iscvm: a hard cap on every instance's memory, memories mapped once at that cap and
//! bounds checked by the code (see `reserved_memory`), and the size of the native stack Wasm runs on.

use std::ptr::NonNull;

use wasmer::sys::vm::{
    MemoryError, MemoryStyle, TableStyle, VMConfig, VMMemory, VMMemoryDefinition, VMTable,
    VMTableDefinition,
};
use wasmer::sys::{BaseTunables, Tunables};
use wasmer::{MemoryType, Pages, TableType};

use super::reserved_memory::{self, ReservedMemory};

/// Native stack of each Wasm call, in bytes. The deterministic stack limit (in slots of at most 16
/// bytes, see `instrument`) is set far below this, so it always trips first.
pub const WASM_STACK_SIZE: usize = 8 * 1024 * 1024;

/// Base tunables with memories capped at `max_pages`: `memory.grow` past the cap returns -1, as Wasm
/// says, whatever maximum the module declares.
pub struct LimitingTunables {
    base: BaseTunables,
    max_pages: Pages,
    config: VMConfig,
}

impl LimitingTunables {
    /// Tunables capping memories at `max_pages` pages of 64 KiB.
    pub fn new(max_pages: u32) -> Self {
        LimitingTunables {
            base: BaseTunables::new(),
            max_pages: Pages(max_pages),
            config: VMConfig {
                wasm_stack_size: Some(WASM_STACK_SIZE),
            },
        }
    }

    fn capped(&self, ty: &MemoryType) -> MemoryType {
        let mut ty = *ty;
        ty.maximum = Some(match ty.maximum {
            Some(max) if max < self.max_pages => max,
            _ => self.max_pages,
        });
        ty
    }
}

/// Refuses code compiled for another memory style (it would not bounds check the way the memory needs).
fn check_style(style: &MemoryStyle) -> Result<(), MemoryError> {
    if *style == reserved_memory::STYLE {
        Ok(())
    } else {
        Err(MemoryError::InvalidMemory {
            reason: format!("code compiled for memory style {style:?}"),
        })
    }
}

impl Tunables for LimitingTunables {
    fn memory_style(&self, _memory: &MemoryType) -> MemoryStyle {
        reserved_memory::STYLE
    }

    fn table_style(&self, table: &TableType) -> TableStyle {
        self.base.table_style(table)
    }

    fn create_host_memory(
        &self,
        ty: &MemoryType,
        style: &MemoryStyle,
    ) -> Result<VMMemory, MemoryError> {
        check_style(style)?;
        // SAFETY: no location: the memory owns its definition.
        let memory = unsafe { ReservedMemory::new(&self.capped(ty), None)? };
        Ok(VMMemory(Box::new(memory)))
    }

    unsafe fn create_vm_memory(
        &self,
        ty: &MemoryType,
        style: &MemoryStyle,
        vm_definition_location: NonNull<VMMemoryDefinition>,
    ) -> Result<VMMemory, MemoryError> {
        check_style(style)?;
        // SAFETY: the engine gives a location valid for the instance's life (the trait's contract).
        let memory =
            unsafe { ReservedMemory::new(&self.capped(ty), Some(vm_definition_location))? };
        Ok(VMMemory(Box::new(memory)))
    }

    fn create_host_table(&self, ty: &TableType, style: &TableStyle) -> Result<VMTable, String> {
        self.base.create_host_table(ty, style)
    }

    unsafe fn create_vm_table(
        &self,
        ty: &TableType,
        style: &TableStyle,
        vm_definition_location: NonNull<VMTableDefinition>,
    ) -> Result<VMTable, String> {
        // SAFETY: forwarded unchanged from the engine, which upholds the contract of the trait.
        unsafe { self.base.create_vm_table(ty, style, vm_definition_location) }
    }

    fn vmconfig(&self) -> &VMConfig {
        &self.config
    }
}
