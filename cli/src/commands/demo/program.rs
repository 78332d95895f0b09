//! The program the demo stores: the smallest Wasm contract the host accepts (an exported memory and one
//! `fn:` export), written out byte by byte so the demo needs no assembler.

/// `(module (memory (export "memory") 1) (func (export "fn:hello")))`, encoded.
#[rustfmt::skip]
pub const HELLO_WASM: [u8; 52] = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,             // type section: one type, () -> ()
    0x03, 0x02, 0x01, 0x00,                         // function section: one function of type 0
    0x05, 0x03, 0x01, 0x00, 0x01,                   // memory section: one memory, at least 1 page
    0x07, 0x15, 0x02,                               // export section, 21 bytes, 2 exports:
    0x06, b'm', b'e', b'm', b'o', b'r', b'y', 0x02, 0x00, //   "memory": memory 0
    0x08, b'f', b'n', b':', b'h', b'e', b'l', b'l', b'o', 0x00, 0x00, // "fn:hello": func 0
    0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,             // code section: one body, no locals, `end`
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks the sections: each declared size must match, and they must fill the module exactly.
    #[test]
    fn section_sizes_add_up() {
        assert_eq!(&HELLO_WASM[..8], b"\0asm\x01\0\0\0");
        let mut at = 8;
        let mut ids = Vec::new();
        while at < HELLO_WASM.len() {
            ids.push(HELLO_WASM[at]);
            let size = HELLO_WASM[at + 1] as usize;
            at += 2 + size;
        }
        assert_eq!(at, HELLO_WASM.len());
        assert_eq!(ids, [1, 3, 5, 7, 10]);
    }
}
