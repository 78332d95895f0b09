//! The func-only imports, and the stubs a view gets in their place.

use isc_abi::{host_abi as abi, Address, Balances, Codec, ContractId, Dict, Hname};
use isc_sandbox::VmError;
use wasmer::{Function, FunctionEnv, FunctionEnvMut, Store};

use super::{define, with_host, HostEnv, Sink};

/// What an import receives from wasmer: the instance's host environment.
type Caller<'a> = FunctionEnvMut<'a, HostEnv>;

fn decode<T: Codec>(bytes: &[u8], what: &str) -> Result<T, VmError> {
    T::decode(bytes).map_err(|e| VmError::Trap(format!("host: malformed {what}: {e}")))
}

fn check_len(len: i32, limit: u32, what: &'static str) -> Result<(), VmError> {
    if len as u32 > limit {
        return Err(VmError::LimitExceeded {
            what,
            size: u64::from(len as u32),
            limit: u64::from(limit),
        });
    }
    Ok(())
}

/// Defines the func-only imports.
pub fn define_all(store: &mut Store, env: &FunctionEnv<HostEnv>, sink: &mut Sink<'_>) {
    define(sink, store, abi::STATE_SET, |store| {
        Function::new_typed_with_env(
            store,
            env,
            |e: Caller, key: i32, key_len: i32, value: i32, value_len: i32| {
                with_host(e, |h| {
                    let limits = h.view()?.limits().clone();
                    check_len(key_len, limits.max_key_size, "state key")?;
                    check_len(value_len, limits.max_value_size, "state value")?;
                    h.with_read(key, key_len, |h, key| {
                        h.with_read(value, value_len, |h, value| {
                            h.func(abi::STATE_SET)?.set(key, value)
                        })
                    })
                })
            },
        )
    });
    define(sink, store, abi::STATE_DELETE, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, key: i32, key_len: i32| {
            with_host(e, |h| {
                check_len(key_len, h.view()?.limits().max_key_size, "state key")?;
                h.with_read(key, key_len, |h, key| {
                    h.func(abi::STATE_DELETE)?.delete(key)
                })
            })
        })
    });
    define(sink, store, abi::CALL, |store| {
        Function::new_typed_with_env(
            store,
            env,
            |e: Caller,
             contract: i32,
             entry: i32,
             params: i32,
             params_len: i32,
             transfer: i32,
             transfer_len: i32,
             buf: i32,
             cap: i32| {
                with_host(e, |h| {
                    check_len(
                        params_len,
                        h.view()?.limits().max_params_size,
                        "params size",
                    )?;
                    let params: Dict = decode(&h.read(params, params_len)?, "params")?;
                    let transfer: Balances = decode(
                        &h.read(transfer, transfer_len.clamp(0, 1 << 20))?,
                        "transfer",
                    )?;
                    let results = h.func(abi::CALL)?.call(
                        Hname(contract as u32),
                        Hname(entry as u32),
                        params,
                        transfer,
                    )?;
                    h.output(results.encode(), buf, cap)
                })
            },
        )
    });
    define(sink, store, abi::POST, |store| {
        Function::new_typed_with_env(
            store,
            env,
            |e: Caller,
             target: i32,
             entry: i32,
             params: i32,
             params_len: i32,
             transfer: i32,
             transfer_len: i32| {
                with_host(e, |h| {
                    check_len(
                        params_len,
                        h.view()?.limits().max_params_size,
                        "params size",
                    )?;
                    let target = ContractId::from_slice(&h.read_array::<36>(target)?)
                        .map_err(|e| VmError::Trap(format!("host: malformed contract id: {e}")))?;
                    let params: Dict = decode(&h.read(params, params_len)?, "params")?;
                    let transfer: Balances = decode(
                        &h.read(transfer, transfer_len.clamp(0, 1 << 20))?,
                        "transfer",
                    )?;
                    h.func(abi::POST)?
                        .post_request(target, Hname(entry as u32), params, transfer)
                })
            },
        )
    });
    define(sink, store, abi::SEND, |store| {
        Function::new_typed_with_env(
            store,
            env,
            |e: Caller, address: i32, tokens: i32, tokens_len: i32| {
                with_host(e, |h| {
                    let address = Address(h.read_array::<32>(address)?);
                    let tokens: Balances =
                        decode(&h.read(tokens, tokens_len.clamp(0, 1 << 20))?, "tokens")?;
                    h.func(abi::SEND)?.send_to_address(address, tokens)
                })
            },
        )
    });
    define(sink, store, abi::EVENT, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, msg: i32, len: i32| {
            with_host(e, |h| {
                check_len(len, h.view()?.limits().max_event_size, "event")?;
                let msg = h.read_str(msg, len)?;
                h.func(abi::EVENT)?.emit_event(&msg)
            })
        })
    });
    define(sink, store, abi::CALLER, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, out: i32| {
            with_host(e, |h| {
                let agent = h.func(abi::CALLER)?.caller();
                h.write(out, agent.as_bytes())
            })
        })
    });
    define(sink, store, abi::SENDER, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, out: i32| {
            with_host(e, |h| {
                let agent = h.func(abi::SENDER)?.request_sender();
                h.write(out, agent.as_bytes())
            })
        })
    });
    define(sink, store, abi::REQUEST_ID, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, out: i32| {
            with_host(e, |h| {
                let id = h.func(abi::REQUEST_ID)?.request_id();
                h.write(out, &id.to_bytes())
            })
        })
    });
    define(sink, store, abi::INCOMING, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, buf: i32, cap: i32| {
            with_host(e, |h| {
                let incoming = h.func(abi::INCOMING)?.incoming().encode();
                h.output(incoming, buf, cap)
            })
        })
    });
    define(sink, store, abi::ENTROPY, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, out: i32| {
            with_host(e, |h| {
                let entropy = h.func(abi::ENTROPY)?.entropy()?;
                h.write(out, entropy.as_bytes())
            })
        })
    });
}

/// In a view, every func-only import traps with a message naming it.
pub fn define_view_stubs(store: &mut Store, env: &FunctionEnv<HostEnv>, sink: &mut Sink<'_>) {
    fn refuse(name: &str) -> Result<(), VmError> {
        Err(VmError::Trap(format!(
            "host: isc.{name} is not available in a view"
        )))
    }
    define(sink, store, abi::STATE_SET, |store| {
        Function::new_typed_with_env(store, env, |_: Caller, _: i32, _: i32, _: i32, _: i32| {
            refuse(abi::STATE_SET)
        })
    });
    define(sink, store, abi::STATE_DELETE, |store| {
        Function::new_typed_with_env(store, env, |_: Caller, _: i32, _: i32| {
            refuse(abi::STATE_DELETE)
        })
    });
    define(sink, store, abi::CALL, |store| {
        Function::new_typed_with_env(
            store,
            env,
            |_: Caller,
             _: i32,
             _: i32,
             _: i32,
             _: i32,
             _: i32,
             _: i32,
             _: i32,
             _: i32|
             -> Result<i32, VmError> { refuse(abi::CALL).map(|()| 0) },
        )
    });
    define(sink, store, abi::POST, |store| {
        Function::new_typed_with_env(
            store,
            env,
            |_: Caller, _: i32, _: i32, _: i32, _: i32, _: i32, _: i32| refuse(abi::POST),
        )
    });
    define(sink, store, abi::SEND, |store| {
        Function::new_typed_with_env(store, env, |_: Caller, _: i32, _: i32, _: i32| {
            refuse(abi::SEND)
        })
    });
    define(sink, store, abi::EVENT, |store| {
        Function::new_typed_with_env(store, env, |_: Caller, _: i32, _: i32| refuse(abi::EVENT))
    });
    for name in [abi::CALLER, abi::SENDER, abi::REQUEST_ID, abi::ENTROPY] {
        define(sink, store, name, |store| {
            Function::new_typed_with_env(store, env, move |_: Caller, _: i32| refuse(name))
        });
    }
    define(sink, store, abi::INCOMING, |store| {
        Function::new_typed_with_env(
            store,
            env,
            |_: Caller, _: i32, _: i32| -> Result<i32, VmError> {
                refuse(abi::INCOMING).map(|()| 0)
            },
        )
    });
}
