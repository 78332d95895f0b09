//! The read-only imports (views and funcs).

use isc_abi::{host_abi as abi, Color, Dict, Hname};
use isc_sandbox::VmError;
use wasmer::{Function, FunctionEnv, FunctionEnvMut, Store};

use super::{define, with_host, HostEnv, Sink};

/// What an import receives from wasmer: the instance's host environment.
type Caller<'a> = FunctionEnvMut<'a, HostEnv>;

fn decode_dict(bytes: &[u8], what: &str) -> Result<Dict, VmError> {
    Dict::decode(bytes).map_err(|e| VmError::Trap(format!("host: malformed {what}: {e}")))
}

/// Defines the read-only imports.
pub fn define_all(store: &mut Store, env: &FunctionEnv<HostEnv>, sink: &mut Sink<'_>) {
    define(sink, store, abi::PARAMS, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, buf: i32, cap: i32| {
            with_host(e, |h| {
                let params = h.view()?.params()?.encode();
                h.output(params, buf, cap)
            })
        })
    });
    define(sink, store, abi::OUTPUT, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, buf: i32, cap: i32| {
            with_host(e, |h| h.last_output(buf, cap))
        })
    });
    define(sink, store, abi::STATE_GET, |store| {
        Function::new_typed_with_env(
            store,
            env,
            |e: Caller, key: i32, key_len: i32, buf: i32, cap: i32| {
                with_host(e, |h| {
                    h.with_read(key, key_len, |h, key| h.state_output(key, buf, cap))
                })
            },
        )
    });
    define(sink, store, abi::STATE_HAS, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, key: i32, key_len: i32| {
            with_host(e, |h| {
                h.with_read(key, key_len, |h, key| Ok(i32::from(h.view()?.has(key)?)))
            })
        })
    });
    define(sink, store, abi::STATE_PREFIX, |store| {
        Function::new_typed_with_env(
            store,
            env,
            |e: Caller, prefix: i32, prefix_len: i32, buf: i32, cap: i32| {
                with_host(e, |h| {
                    let prefix = h.read(prefix, prefix_len)?;
                    let mut out = Dict::new();
                    let mut bad = None;
                    h.view()?
                        .iterate_prefix(&prefix, &mut |k, v| match out.set(k, v) {
                            Ok(()) => true,
                            Err(err) => {
                                bad = Some(err.to_string());
                                false
                            }
                        })?;
                    if let Some(err) = bad {
                        return Err(VmError::Trap(format!("host: state_prefix: {err}")));
                    }
                    h.output(out.encode(), buf, cap)
                })
            },
        )
    });
    define(sink, store, abi::CALL_VIEW, |store| {
        Function::new_typed_with_env(
            store,
            env,
            |e: Caller,
             contract: i32,
             entry: i32,
             params: i32,
             params_len: i32,
             buf: i32,
             cap: i32| {
                with_host(e, |h| {
                    let params = decode_dict(&h.read(params, params_len)?, "params")?;
                    let results =
                        h.view()?
                            .call_view(Hname(contract as u32), Hname(entry as u32), params)?;
                    h.output(results.encode(), buf, cap)
                })
            },
        )
    });
    define(sink, store, abi::CONTRACT, |store| {
        Function::new_typed_with_env(store, env, |e: Caller| {
            with_host(e, |h| Ok(h.view()?.contract().0 as i32))
        })
    });
    define(sink, store, abi::CHAIN_ID, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, out: i32| {
            with_host(e, |h| {
                let id = h.view()?.chain_id();
                h.write(out, id.as_bytes())
            })
        })
    });
    define(sink, store, abi::CHAIN_OWNER, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, out: i32| {
            with_host(e, |h| {
                let owner = h.view()?.chain_owner()?;
                h.write(out, owner.as_bytes())
            })
        })
    });
    define(sink, store, abi::TIMESTAMP, |store| {
        Function::new_typed_with_env(store, env, |e: Caller| {
            with_host(e, |h| h.view()?.timestamp())
        })
    });
    define(sink, store, abi::BALANCES, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, buf: i32, cap: i32| {
            with_host(e, |h| {
                let balances = h.view()?.balances()?.encode();
                h.output(balances, buf, cap)
            })
        })
    });
    define(sink, store, abi::BALANCE, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, color: i32| {
            with_host(e, |h| {
                let color = Color(h.read_array::<32>(color)?);
                Ok(h.view()?.balance(&color)? as i64)
            })
        })
    });
    define(sink, store, abi::BLAKE2B, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, data: i32, len: i32, out: i32| {
            with_host(e, |h| {
                let data = h.read(data, len)?;
                let hash = h.view()?.blake2b(&data)?;
                h.write(out, hash.as_bytes())
            })
        })
    });
    define(sink, store, abi::HNAME, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, name: i32, len: i32| {
            with_host(e, |h| {
                let name = h.read_str(name, len)?;
                Ok(h.view()?.hname(&name)?.0 as i32)
            })
        })
    });
    define(sink, store, abi::LOG, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, msg: i32, len: i32| {
            with_host(e, |h| {
                let limit = h.view()?.limits().max_log_size;
                if len as u32 > limit {
                    return Err(VmError::LimitExceeded {
                        what: "log line",
                        size: u64::from(len as u32),
                        limit: u64::from(limit),
                    });
                }
                let msg = h.read_str(msg, len)?;
                h.view()?.log(&msg)
            })
        })
    });
    define(sink, store, abi::GAS_REMAINING, |store| {
        Function::new_typed_with_env(store, env, |e: Caller| {
            with_host(e, |h| Ok(h.view()?.gas_remaining() as i64))
        })
    });
    define(sink, store, abi::RESULTS, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, data: i32, len: i32| {
            with_host(e, |h| {
                let limit = h.view()?.limits().max_params_size;
                if len as u32 > limit {
                    return Err(VmError::LimitExceeded {
                        what: "results size",
                        size: u64::from(len as u32),
                        limit: u64::from(limit),
                    });
                }
                let results = decode_dict(&h.read(data, len)?, "results")?;
                h.set_results(results);
                Ok(())
            })
        })
    });
    define(sink, store, abi::PANIC, |store| {
        Function::new_typed_with_env(store, env, |e: Caller, msg: i32, len: i32| {
            with_host(e, |h| -> Result<(), VmError> {
                let len = len.clamp(0, 4096);
                let bytes = h.read(msg, len)?;
                Err(VmError::Panic(String::from_utf8_lossy(&bytes).into_owned()))
            })
        })
    });
}
