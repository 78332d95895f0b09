//! The ledger's state layout and arithmetic, shared by the accounts entry points and the runtime.
//!
//! Layout (inside the accounts partition): `a` ‖ agent id (36 bytes) → encoded [`Balances`] of that
//! account (absent when empty); `t` → the chain's total assets. Every function keeps
//! `total = sum of accounts`: credits and debits change both, moves change neither total.

use isc_abi::{AgentId, Balances};
use isc_sandbox::VmError;

use crate::kv::{StateRead, StateWrite};

const ACCOUNT_PREFIX: u8 = b'a';
const TOTAL_KEY: &[u8] = b"t";

fn account_key(agent: &AgentId) -> Vec<u8> {
    let mut key = Vec::with_capacity(37);
    key.push(ACCOUNT_PREFIX);
    key.extend_from_slice(agent.as_bytes());
    key
}

fn read_balances(state: &mut dyn StateRead, key: &[u8]) -> Result<Balances, VmError> {
    match state.get(key)? {
        None => Ok(Balances::new()),
        Some(bytes) => Balances::decode(&bytes)
            .map_err(|e| VmError::Store(format!("corrupt accounts record: {e}"))),
    }
}

fn write_balances(
    state: &mut dyn StateWrite,
    key: &[u8],
    balances: &Balances,
) -> Result<(), VmError> {
    if balances.is_empty() {
        state.delete(key)
    } else {
        state.set(key, &balances.encode())
    }
}

/// The balances of `agent`'s account.
pub fn balances(state: &mut dyn StateRead, agent: &AgentId) -> Result<Balances, VmError> {
    read_balances(state, &account_key(agent))
}

/// The chain's total assets.
pub fn total_assets(state: &mut dyn StateRead) -> Result<Balances, VmError> {
    read_balances(state, TOTAL_KEY)
}

/// Every agent with a non-empty account, in id order.
pub fn accounts(state: &mut dyn StateRead) -> Result<Vec<(AgentId, Balances)>, VmError> {
    let mut out = Vec::new();
    let mut bad = None;
    state.iterate_prefix(&[ACCOUNT_PREFIX], &mut |key, value| match (
        AgentId::from_slice(&key[1..]),
        Balances::decode(value),
    ) {
        (Ok(agent), Ok(balances)) => {
            out.push((agent, balances));
            true
        }
        _ => {
            bad = Some(key.to_vec());
            false
        }
    })?;
    match bad {
        Some(key) => Err(VmError::Store(format!(
            "corrupt accounts record {}",
            hex_of(&key)
        ))),
        None => Ok(out),
    }
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Tokens entering the chain (a request's attached tokens) credited to `agent`.
pub fn credit(
    state: &mut dyn StateWrite,
    agent: &AgentId,
    tokens: &Balances,
) -> Result<(), VmError> {
    if tokens.is_empty() {
        return Ok(());
    }
    let key = account_key(agent);
    let mut account = read_balances(state, &key)?;
    let mut total = read_balances(state, TOTAL_KEY)?;
    account.add_all(tokens)?;
    total.add_all(tokens)?;
    write_balances(state, &key, &account)?;
    write_balances(state, TOTAL_KEY, &total)
}

/// Tokens leaving the chain (withdrawals, outgoing requests) debited from `agent`; fails, changing
/// nothing, when the account is short.
pub fn debit(
    state: &mut dyn StateWrite,
    agent: &AgentId,
    tokens: &Balances,
) -> Result<(), VmError> {
    if tokens.is_empty() {
        return Ok(());
    }
    let key = account_key(agent);
    let mut account = read_balances(state, &key)?;
    let mut total = read_balances(state, TOTAL_KEY)?;
    account.sub_all(tokens)?;
    total
        .sub_all(tokens)
        .map_err(|e| VmError::Store(format!("total assets below an account: {e}")))?;
    write_balances(state, &key, &account)?;
    write_balances(state, TOTAL_KEY, &total)
}

/// Moves tokens between two accounts of this chain; fails, changing nothing, when `from` is short.
pub fn move_tokens(
    state: &mut dyn StateWrite,
    from: &AgentId,
    to: &AgentId,
    tokens: &Balances,
) -> Result<(), VmError> {
    if tokens.is_empty() || from == to {
        // A move to oneself still requires the funds, so that it fails like any other short move.
        if from == to {
            let have = balances(state, from)?;
            let mut check = have.clone();
            check.sub_all(tokens)?;
        }
        return Ok(());
    }
    let from_key = account_key(from);
    let to_key = account_key(to);
    let mut source = read_balances(state, &from_key)?;
    source.sub_all(tokens)?;
    let mut target = read_balances(state, &to_key)?;
    target.add_all(tokens)?;
    write_balances(state, &from_key, &source)?;
    write_balances(state, &to_key, &target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::StateRead;
    use isc_abi::{Address, Color};
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct Mem(BTreeMap<Vec<u8>, Vec<u8>>);

    impl StateRead for Mem {
        fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, VmError> {
            Ok(self.0.get(key).cloned())
        }
        fn iterate_prefix(
            &mut self,
            prefix: &[u8],
            f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
        ) -> Result<(), VmError> {
            for (k, v) in self.0.range(prefix.to_vec()..) {
                if !k.starts_with(prefix) || !f(k, v) {
                    break;
                }
            }
            Ok(())
        }
    }

    impl StateWrite for Mem {
        fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), VmError> {
            self.0.insert(key.to_vec(), value.to_vec());
            Ok(())
        }
        fn delete(&mut self, key: &[u8]) -> Result<(), VmError> {
            self.0.remove(key);
            Ok(())
        }
    }

    fn agent(n: u8) -> AgentId {
        AgentId::address(Address([n; 32]))
    }

    fn base(n: u64) -> Balances {
        let mut b = Balances::new();
        b.add(Color::BASE, n).unwrap();
        b
    }

    fn sum_of_accounts(m: &mut Mem) -> Balances {
        let mut sum = Balances::new();
        for (_, b) in accounts(m).unwrap() {
            sum.add_all(&b).unwrap();
        }
        sum
    }

    #[test]
    fn credit_move_debit_keep_total_equal_to_sum() {
        let mut m = Mem::default();
        credit(&mut m, &agent(1), &base(100)).unwrap();
        move_tokens(&mut m, &agent(1), &agent(2), &base(30)).unwrap();
        debit(&mut m, &agent(2), &base(10)).unwrap();
        assert_eq!(balances(&mut m, &agent(1)).unwrap(), base(70));
        assert_eq!(balances(&mut m, &agent(2)).unwrap(), base(20));
        assert_eq!(total_assets(&mut m).unwrap(), base(90));
        assert_eq!(sum_of_accounts(&mut m), base(90));
    }

    #[test]
    fn short_moves_and_debits_change_nothing() {
        let mut m = Mem::default();
        credit(&mut m, &agent(1), &base(5)).unwrap();
        let before = m.0.clone();
        assert!(matches!(
            move_tokens(&mut m, &agent(1), &agent(2), &base(6)),
            Err(VmError::InsufficientFunds(_))
        ));
        assert!(matches!(
            debit(&mut m, &agent(1), &base(6)),
            Err(VmError::InsufficientFunds(_))
        ));
        assert!(move_tokens(&mut m, &agent(1), &agent(1), &base(6)).is_err());
        assert_eq!(m.0, before);
    }

    #[test]
    fn empty_accounts_are_removed() {
        let mut m = Mem::default();
        credit(&mut m, &agent(1), &base(5)).unwrap();
        debit(&mut m, &agent(1), &base(5)).unwrap();
        assert!(m.0.is_empty(), "{:?}", m.0);
    }
}
