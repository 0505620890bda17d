;; `levelOfDrawn` (signal-levels.util.ts) in WebAssembly: see drawn-level.util.ts for why and for
;; the contract. Assembled into drawn-level.wasm by `npm run build:wasm`; a spec checks the binary
;; is this source's.
;;
;; Memory (byte offsets passed in; drawn-level.util.ts lays them out): the result at 0 (level,
;; spread: Float64 × 2); the hourly means sorted (Float64 × len) with their groups (Uint32 × len);
;; the σs sorted the same way; the group sizes and the draws (Uint32 × groups); scratch for the
;; cumulative counts (Int32 × len).
;;
;; Every step is the JavaScript function's, in its order, with the same IEEE operations (integer
;; counts converted to f64 where JavaScript multiplies them; no reassociation, no fused
;; multiply-add): the results are bit for bit the same — a spec compares the two.
(module
  (memory (export "memory") 1)

  ;; Element i of an array at byte offset b is loaded inline as (load (b + (i << 3 or 2))): this
  ;; engine does not inline calls between WebAssembly functions, and a helper per load took twice
  ;; JavaScript's time.

  ;; Index of the value at expanded position k: the first j < len with cum[j] > k (`holding`).
  (func $holding (param $cum i32) (param $len i32) (param $k i32) (result i32)
    (local $lo i32) (local $hi i32) (local $mid i32)
    (local.set $hi (i32.sub (local.get $len) (i32.const 1)))
    (block $done
      (loop $search
        (br_if $done (i32.ge_s (local.get $lo) (local.get $hi)))
        (local.set $mid (i32.shr_s (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
        (if (i32.gt_s (i32.load (i32.add (local.get $cum) (i32.shl (local.get $mid) (i32.const 2)))) (local.get $k))
          (then (local.set $hi (local.get $mid)))
          (else (local.set $lo (i32.add (local.get $mid) (i32.const 1)))))
        (br $search)))
    (local.get $lo))

  ;; The drawn values within d of the centre, v[0, right) below it (`countWithin`).
  (func $countWithin (param $v i32) (param $cum i32) (param $len i32) (param $right i32) (param $centre f64) (param $d f64) (result i32)
    (local $lo i32) (local $hi i32) (local $mid i32) (local $upto i32)
    (local.set $lo (local.get $right))
    (local.set $hi (local.get $len))
    (block $done
      (loop $search
        (br_if $done (i32.ge_s (local.get $lo) (local.get $hi)))
        (local.set $mid (i32.shr_s (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
        (if (f64.le (f64.sub (f64.load (i32.add (local.get $v) (i32.shl (local.get $mid) (i32.const 3)))) (local.get $centre)) (local.get $d))
          (then (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
          (else (local.set $hi (local.get $mid))))
        (br $search)))
    (local.set $upto (local.get $lo))
    (local.set $lo (i32.const 0))
    (local.set $hi (local.get $right))
    (block $done
      (loop $search
        (br_if $done (i32.ge_s (local.get $lo) (local.get $hi)))
        (local.set $mid (i32.shr_s (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
        (if (f64.le (f64.sub (local.get $centre) (f64.load (i32.add (local.get $v) (i32.shl (local.get $mid) (i32.const 3))))) (local.get $d))
          (then (local.set $hi (local.get $mid)))
          (else (local.set $lo (i32.add (local.get $mid) (i32.const 1)))))
        (br $search)))
    (i32.sub
      (if (result i32) (i32.gt_s (local.get $upto) (i32.const 0))
        (then (i32.load (i32.add (local.get $cum) (i32.shl (i32.sub (local.get $upto) (i32.const 1)) (i32.const 2)))))
        (else (i32.const 0)))
      (if (result i32) (i32.gt_s (local.get $lo) (i32.const 0))
        (then (i32.load (i32.add (local.get $cum) (i32.shl (i32.sub (local.get $lo) (i32.const 1)) (i32.const 2)))))
        (else (i32.const 0)))))

  ;; The k-th smallest (0-based) absolute deviation from the centre among the drawn values (`kthDeviation`).
  (func $kthDeviation (param $v i32) (param $cum i32) (param $len i32) (param $right i32) (param $centre f64) (param $k i32) (result f64)
    (local $lo i32) (local $hi i32) (local $mid i32) (local $above f64) (local $below f64)
    (local.set $lo (local.get $right))
    (local.set $hi (local.get $len))
    (block $done
      (loop $search
        (br_if $done (i32.ge_s (local.get $lo) (local.get $hi)))
        (local.set $mid (i32.shr_s (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
        (if (i32.gt_s
              (call $countWithin (local.get $v) (local.get $cum) (local.get $len) (local.get $right) (local.get $centre)
                (f64.sub (f64.load (i32.add (local.get $v) (i32.shl (local.get $mid) (i32.const 3)))) (local.get $centre)))
              (local.get $k))
          (then (local.set $hi (local.get $mid)))
          (else (local.set $lo (i32.add (local.get $mid) (i32.const 1)))))
        (br $search)))
    (local.set $above
      (if (result f64) (i32.lt_s (local.get $lo) (local.get $len))
        (then (f64.sub (f64.load (i32.add (local.get $v) (i32.shl (local.get $lo) (i32.const 3)))) (local.get $centre)))
        (else (f64.const inf))))
    (local.set $lo (i32.const 0))
    (local.set $hi (local.get $right))
    (block $done
      (loop $search
        (br_if $done (i32.ge_s (local.get $lo) (local.get $hi)))
        (local.set $mid (i32.shr_s (i32.add (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)) (i32.const 1)))
        (if (i32.gt_s
              (call $countWithin (local.get $v) (local.get $cum) (local.get $len) (local.get $right) (local.get $centre)
                (f64.sub (local.get $centre) (f64.load (i32.add (local.get $v) (i32.shl (i32.sub (local.get $mid) (i32.const 1)) (i32.const 3))))))
              (local.get $k))
          (then (local.set $lo (local.get $mid)))
          (else (local.set $hi (i32.sub (local.get $mid) (i32.const 1)))))
        (br $search)))
    (local.set $below
      (if (result f64) (i32.gt_s (local.get $lo) (i32.const 0))
        (then (f64.sub (local.get $centre) (f64.load (i32.add (local.get $v) (i32.shl (i32.sub (local.get $lo) (i32.const 1)) (i32.const 3))))))
        (else (f64.const inf))))
    (select (local.get $above) (local.get $below) (f64.lt (local.get $above) (local.get $below))))

  ;; Level and spread of the multiset in which each value appears drawn[group] times, written to
  ;; bytes 0 and 8. The constants come from the caller, so they are JavaScript's to the bit.
  (func (export "level")
    (param $len i32) (param $groups i32) (param $mv i32) (param $mg i32) (param $sv i32) (param $sg i32)
    (param $sizes i32) (param $drawn i32) (param $cum i32)
    (param $trim f64) (param $madToSigma f64) (param $meanAdToSigma f64)
    (local $n i32) (local $d i32) (local $cut i32) (local $low i32) (local $high i32)
    (local $lowSum f64) (local $highSum f64) (local $c i32) (local $sum f64) (local $j i32) (local $w i32) (local $before i32)
    (local $x f64) (local $level f64) (local $m1 i32) (local $m2 i32) (local $centre f64) (local $right i32) (local $top i32)
    (local $mid i32) (local $da f64) (local $db f64) (local $between f64) (local $dev f64) (local $p i32) (local $lo i32)
    (local $hi i32) (local $wa f64) (local $wb f64) (local $next i32) (local $within f64)
    ;; n = Σ drawn[g] · sizes[g]
    (block $done
      (loop $count
        (br_if $done (i32.ge_s (local.get $d) (local.get $groups)))
        (local.set $n (i32.add (local.get $n)
          (i32.mul (i32.load (i32.add (local.get $drawn) (i32.shl (local.get $d) (i32.const 2)))) (i32.load (i32.add (local.get $sizes) (i32.shl (local.get $d) (i32.const 2)))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $count)))
    (if (i32.eqz (local.get $n))
      (then
        (f64.store (i32.const 0) (f64.const nan))
        (f64.store (i32.const 8) (f64.const nan))
        (return)))
    (local.set $cut (i32.trunc_f64_u (f64.floor (f64.mul (f64.convert_i32_u (local.get $n)) (local.get $trim)))))
    (local.set $low (local.get $cut))
    (local.set $high (i32.sub (local.get $n) (local.get $cut)))
    ;; The sums of the first `low` and first `high` expanded values, where the running count reaches them.
    (if (i32.gt_s (local.get $low) (i32.const 0))
      (then
        (block $done
          (loop $walk
            (br_if $done (i32.ge_s (local.get $j) (local.get $len)))
            (local.set $w (i32.load (i32.add (local.get $drawn) (i32.shl (i32.load (i32.add (local.get $mg) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2)))))
            (local.set $before (local.get $c))
            (local.set $c (i32.add (local.get $c) (local.get $w)))
            (i32.store (i32.add (local.get $cum) (i32.shl (local.get $j) (i32.const 2))) (local.get $c))
            (local.set $x (f64.load (i32.add (local.get $mv) (i32.shl (local.get $j) (i32.const 3)))))
            (if (i32.ge_s (local.get $c) (local.get $low))
              (then
                (local.set $lowSum
                  (if (result f64) (i32.gt_s (local.get $j) (i32.const 0))
                    (then (f64.add (local.get $sum) (f64.mul (f64.convert_i32_s (i32.sub (local.get $low) (local.get $before))) (local.get $x))))
                    (else (f64.mul (f64.convert_i32_s (local.get $low)) (local.get $x)))))
                (local.set $sum (f64.add (local.get $sum) (f64.mul (f64.convert_i32_u (local.get $w)) (local.get $x))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $done)))
            (local.set $sum (f64.add (local.get $sum) (f64.mul (f64.convert_i32_u (local.get $w)) (local.get $x))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $walk)))))
    (block $done
      (loop $walk
        (br_if $done (i32.ge_s (local.get $j) (local.get $len)))
        (local.set $w (i32.load (i32.add (local.get $drawn) (i32.shl (i32.load (i32.add (local.get $mg) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2)))))
        (local.set $before (local.get $c))
        (local.set $c (i32.add (local.get $c) (local.get $w)))
        (i32.store (i32.add (local.get $cum) (i32.shl (local.get $j) (i32.const 2))) (local.get $c))
        (local.set $x (f64.load (i32.add (local.get $mv) (i32.shl (local.get $j) (i32.const 3)))))
        (if (i32.ge_s (local.get $c) (local.get $high))
          (then
            (local.set $highSum
              (if (result f64) (i32.gt_s (local.get $j) (i32.const 0))
                (then (f64.add (local.get $sum) (f64.mul (f64.convert_i32_s (i32.sub (local.get $high) (local.get $before))) (local.get $x))))
                (else (f64.mul (f64.convert_i32_s (local.get $high)) (local.get $x)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $done)))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (f64.convert_i32_u (local.get $w)) (local.get $x))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $walk)))
    (block $done
      (loop $walk
        (br_if $done (i32.ge_s (local.get $j) (local.get $len)))
        (local.set $c (i32.add (local.get $c) (i32.load (i32.add (local.get $drawn) (i32.shl (i32.load (i32.add (local.get $mg) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2))))))
        (i32.store (i32.add (local.get $cum) (i32.shl (local.get $j) (i32.const 2))) (local.get $c))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $walk)))
    (local.set $level
      (f64.div (f64.sub (local.get $highSum) (local.get $lowSum))
        (f64.convert_i32_s (i32.sub (local.get $n) (i32.shl (local.get $cut) (i32.const 1))))))
    ;; Median positions (0-based) of n expanded values: (n − 1) >> 1 and n >> 1.
    (local.set $m1 (i32.shr_s (i32.sub (local.get $n) (i32.const 1)) (i32.const 1)))
    (local.set $m2 (i32.shr_s (local.get $n) (i32.const 1)))
    (local.set $centre (f64.load (i32.add (local.get $mv) (i32.shl (call $holding (local.get $cum) (local.get $len) (local.get $m1)) (i32.const 3)))))
    (if (i32.ne (local.get $m1) (local.get $m2))
      (then
        (local.set $centre
          (f64.div
            (f64.add (local.get $centre) (f64.load (i32.add (local.get $mv) (i32.shl (call $holding (local.get $cum) (local.get $len) (local.get $m2)) (i32.const 3)))))
            (f64.const 2)))))
    ;; right: the first value not below the centre
    (local.set $top (local.get $len))
    (block $done
      (loop $search
        (br_if $done (i32.ge_s (local.get $right) (local.get $top)))
        (local.set $mid (i32.shr_s (i32.add (local.get $right) (local.get $top)) (i32.const 1)))
        (if (f64.lt (f64.load (i32.add (local.get $mv) (i32.shl (local.get $mid) (i32.const 3)))) (local.get $centre))
          (then (local.set $right (i32.add (local.get $mid) (i32.const 1))))
          (else (local.set $top (local.get $mid))))
        (br $search)))
    (local.set $da (call $kthDeviation (local.get $mv) (local.get $cum) (local.get $len) (local.get $right) (local.get $centre) (local.get $m1)))
    (local.set $between
      (f64.mul (local.get $madToSigma)
        (if (result f64) (i32.eq (local.get $m1) (local.get $m2))
          (then (local.get $da))
          (else
            (local.set $db (call $kthDeviation (local.get $mv) (local.get $cum) (local.get $len) (local.get $right) (local.get $centre) (local.get $m2)))
            (f64.div (f64.add (local.get $da) (local.get $db)) (f64.const 2))))))
    ;; MAD 0 (or NaN): the quantised fallback, mean |x − centre| over the middle 80 %.
    (if (i32.or (f64.eq (local.get $between) (f64.const 0)) (f64.ne (local.get $between) (local.get $between)))
      (then
        (local.set $j (i32.const 0))
        (block $done
          (loop $walk
            (br_if $done (i32.ge_s (local.get $j) (local.get $len)))
            (local.set $w (i32.load (i32.add (local.get $drawn) (i32.shl (i32.load (i32.add (local.get $mg) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2)))))
            (local.set $lo (select (local.get $p) (local.get $low) (i32.gt_s (local.get $p) (local.get $low))))
            (local.set $hi
              (select (i32.add (local.get $p) (local.get $w)) (local.get $high) (i32.lt_s (i32.add (local.get $p) (local.get $w)) (local.get $high))))
            (if (i32.gt_s (local.get $hi) (local.get $lo))
              (then
                (local.set $dev
                  (f64.add (local.get $dev)
                    (f64.mul (f64.convert_i32_s (i32.sub (local.get $hi) (local.get $lo)))
                      (f64.abs (f64.sub (f64.load (i32.add (local.get $mv) (i32.shl (local.get $j) (i32.const 3)))) (local.get $centre))))))))
            (local.set $p (i32.add (local.get $p) (local.get $w)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $walk)))
        (local.set $between
          (f64.mul (local.get $meanAdToSigma)
            (f64.div (local.get $dev) (f64.convert_i32_s (i32.sub (local.get $n) (i32.shl (local.get $cut) (i32.const 1)))))))))
    ;; The median σ: one walk up to the median positions.
    (local.set $wa (f64.const nan))
    (local.set $wb (f64.const nan))
    (local.set $j (i32.const 0))
    (local.set $p (i32.const 0))
    (block $done
      (loop $walk
        (br_if $done (i32.gt_s (local.get $p) (local.get $m2)))
        (local.set $next (i32.add (local.get $p) (i32.load (i32.add (local.get $drawn) (i32.shl (i32.load (i32.add (local.get $sg) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2))))))
        (if (i32.and (i32.gt_s (local.get $next) (local.get $m1)) (i32.le_s (local.get $p) (local.get $m1)))
          (then (local.set $wa (f64.load (i32.add (local.get $sv) (i32.shl (local.get $j) (i32.const 3)))))))
        (if (i32.gt_s (local.get $next) (local.get $m2))
          (then (local.set $wb (f64.load (i32.add (local.get $sv) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $p (local.get $next))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $walk)))
    (local.set $within
      (if (result f64) (i32.eq (local.get $m1) (local.get $m2))
        (then (local.get $wa))
        (else (f64.div (f64.add (local.get $wa) (local.get $wb)) (f64.const 2)))))
    (f64.store (i32.const 0) (local.get $level))
    (f64.store (i32.const 8)
      (f64.sqrt (f64.add (f64.mul (local.get $within) (local.get $within)) (f64.mul (local.get $between) (local.get $between)))))))
