;; A Float32 sample's sort and its KS and W1 distances to a reference, in WebAssembly: see
;; sorted-distances.util.ts for why and for the contract. Assembled into sorted-distances.wasm by
;; `npm run build:wasm`; a spec checks the binary is this source's.
;;
;; Memory: digit counts at 0 (3 × 2,048 Uint32); from SAMPLE (24,576) the sample's n Float32 bits,
;; then n Uint32 of scratch; the reference (Float64 × m) at the byte offset passed in.
;;
;; The sort is radix.util's `radixSortFloat32` (11-bit digits, lowest first, a digit every key
;; shares skipped), so its order is the built-in sort's (−0 before +0). The distances are
;; ks-wasserstein.util's merge step for step, with the same IEEE operations on the same values
;; (Float32 read as Float64 exactly, the integer gaps exact in i64): the same numbers to the bit.
(module
  (memory (export "memory") 1)
  (global (export "sample") i32 (i32.const 24576))

  ;; Sorts the n Float32 at SAMPLE in place, ascending (no NaN).
  (func (export "sortFloat32") (param $n i32)
    (local $i i32) (local $k i32) (local $p i32) (local $src i32) (local $dst i32) (local $t i32) (local $d i32)
    (local $sum i32) (local $c i32) (local $shift i32) (local $base i32) (local $moved i32) (local $at i32)
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 24576))
    ;; Each number's bits become a key that orders like it (sign bit set on a positive, every bit
    ;; flipped on a negative); the three digits are counted in one pass.
    (block $done
      (loop $key
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.add (i32.const 24576) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $k (i32.load (local.get $at)))
        (local.set $k
          (select (i32.xor (local.get $k) (i32.const -1)) (i32.or (local.get $k) (i32.const 0x80000000)) (i32.lt_s (local.get $k) (i32.const 0))))
        (i32.store (local.get $at) (local.get $k))
        (local.set $t (i32.shl (i32.and (local.get $k) (i32.const 2047)) (i32.const 2)))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $t (i32.add (i32.const 8192) (i32.shl (i32.and (i32.shr_u (local.get $k) (i32.const 11)) (i32.const 2047)) (i32.const 2))))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $t (i32.add (i32.const 16384) (i32.shl (i32.shr_u (local.get $k) (i32.const 22)) (i32.const 2))))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $key)))
    (local.set $src (i32.const 24576))
    (local.set $dst (i32.add (i32.const 24576) (i32.shl (local.get $n) (i32.const 2))))
    (block $passes
      (loop $pass
        (br_if $passes (i32.ge_u (local.get $p) (i32.const 3)))
        (local.set $base (i32.mul (local.get $p) (i32.const 8192)))
        (local.set $shift (i32.mul (local.get $p) (i32.const 11)))
        ;; Counts to start offsets; a digit that every key shares moves nothing.
        (local.set $sum (i32.const 0))
        (local.set $moved (i32.const 1))
        (local.set $d (i32.const 0))
        (block $offsets
          (loop $digit
            (br_if $offsets (i32.ge_u (local.get $d) (i32.const 2048)))
            (local.set $t (i32.add (local.get $base) (i32.shl (local.get $d) (i32.const 2))))
            (local.set $c (i32.load (local.get $t)))
            (if (i32.eq (local.get $c) (local.get $n))
              (then
                (local.set $moved (i32.const 0))
                (br $offsets)))
            (i32.store (local.get $t) (local.get $sum))
            (local.set $sum (i32.add (local.get $sum) (local.get $c)))
            (local.set $d (i32.add (local.get $d) (i32.const 1)))
            (br $digit)))
        (if (local.get $moved)
          (then
            (local.set $i (i32.const 0))
            (block $scattered
              (loop $scatter
                (br_if $scattered (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $k (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
                (local.set $t (i32.add (local.get $base) (i32.shl (i32.and (i32.shr_u (local.get $k) (local.get $shift)) (i32.const 2047)) (i32.const 2))))
                (local.set $c (i32.load (local.get $t)))
                (i32.store (local.get $t) (i32.add (local.get $c) (i32.const 1)))
                (i32.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))) (local.get $k))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $scatter)))
            (local.set $t (local.get $src))
            (local.set $src (local.get $dst))
            (local.set $dst (local.get $t))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $pass)))
    ;; Keys back to numbers, at SAMPLE.
    (local.set $i (i32.const 0))
    (block $done
      (loop $number
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $k (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
        (i32.store (i32.add (i32.const 24576) (i32.shl (local.get $i) (i32.const 2)))
          (select (i32.and (local.get $k) (i32.const 0x7fffffff)) (i32.xor (local.get $k) (i32.const -1)) (i32.lt_s (local.get $k) (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $number))))

  ;; KS statistic and W1 of the m Float64 at $ref and the n Float32 at SAMPLE (both ascending),
  ;; written as Float64 at 0 and 8. Returns 1, or 0 on a NaN (nothing is written).
  ;;
  ;; Each head waits in a register and the values after them are loaded before the step knows
  ;; which side it takes, so a step waits on a compare and a select, not on a load; a NaN after
  ;; each side's end stands for "run out" (a real NaN in either side ends up taken: refused). The
  ;; gap i·m − j·n is kept as one integer that moves by m or −n. The same values in the same order.
  (func (export "distances") (param $ref i32) (param $m i32) (param $n i32) (result i32)
    (local $pa i32) (local $pb i32) (local $steps i32) (local $a f64) (local $b f64) (local $nextA f64) (local $nextB f64)
    (local $fromA i32) (local $x f64) (local $prev f64) (local $area f64)
    (local $d i64) (local $gap i64) (local $maxDiff i64) (local $mm i64) (local $nn i64)
    ;; In ks-wasserstein.util's names: a (length n there) is the reference here, b the sample.
    (local.set $mm (i64.extend_i32_u (local.get $n)))
    (local.set $nn (i64.extend_i32_u (local.get $m)))
    (f64.store (i32.add (local.get $ref) (i32.shl (local.get $m) (i32.const 3))) (f64.const nan))
    (f32.store (i32.add (i32.const 24576) (i32.shl (local.get $n) (i32.const 2))) (f32.const nan))
    (local.set $pa (local.get $ref))
    (local.set $pb (i32.const 24576))
    (local.set $a (f64.load (local.get $pa)))
    (local.set $b (f64.promote_f32 (f32.load (local.get $pb))))
    (local.set $prev (f64.min (local.get $a) (local.get $b)))
    (local.set $steps (i32.add (local.get $m) (local.get $n)))
    (block $done
      (loop $merge
        (br_if $done (i32.eqz (local.get $steps)))
        ;; After a side's end its head is NaN and the other side is taken; a NaN b takes a.
        (local.set $nextA (f64.load offset=8 (local.get $pa)))
        (local.set $nextB (f64.promote_f32 (f32.load offset=4 (local.get $pb))))
        (local.set $fromA (i32.or (f64.le (local.get $a) (local.get $b)) (f64.ne (local.get $b) (local.get $b))))
        (local.set $x (select (local.get $a) (local.get $b) (local.get $fromA)))
        (if (f64.ne (local.get $x) (local.get $x)) (then (return (i32.const 0))))
        ;; |i/n − j/m| as the integer |i·m − j·n|, before this value is counted.
        (local.set $gap (select (i64.sub (i64.const 0) (local.get $d)) (local.get $d) (i64.lt_s (local.get $d) (i64.const 0))))
        (local.set $area (f64.add (local.get $area) (f64.mul (f64.convert_i64_s (local.get $gap)) (f64.sub (local.get $x) (local.get $prev)))))
        (local.set $d (i64.add (local.get $d) (select (local.get $mm) (i64.sub (i64.const 0) (local.get $nn)) (local.get $fromA))))
        (local.set $pa (i32.add (local.get $pa) (i32.shl (local.get $fromA) (i32.const 3))))
        (local.set $pb (i32.add (local.get $pb) (i32.shl (i32.eqz (local.get $fromA)) (i32.const 2))))
        (local.set $a (select (local.get $nextA) (local.get $a) (local.get $fromA)))
        (local.set $b (select (local.get $b) (local.get $nextB) (local.get $fromA)))
        (local.set $prev (local.get $x))
        ;; A run of equal values ends when neither head equals it: the KS gap after it.
        (local.set $gap (select (i64.sub (i64.const 0) (local.get $d)) (local.get $d) (i64.lt_s (local.get $d) (i64.const 0))))
        (local.set $maxDiff
          (select (local.get $gap) (local.get $maxDiff)
            (i32.and
              (i64.gt_s (local.get $gap) (local.get $maxDiff))
              (i32.eqz (i32.or (f64.le (local.get $a) (local.get $x)) (f64.le (local.get $b) (local.get $x)))))))
        (local.set $steps (i32.sub (local.get $steps) (i32.const 1)))
        (br $merge)))
    (f64.store (i32.const 0)
      (f64.div (f64.convert_i64_s (local.get $maxDiff)) (f64.mul (f64.convert_i32_u (local.get $m)) (f64.convert_i32_u (local.get $n)))))
    (f64.store (i32.const 8)
      (f64.div (local.get $area) (f64.mul (f64.convert_i32_u (local.get $m)) (f64.convert_i32_u (local.get $n)))))
    (i32.const 1)))
