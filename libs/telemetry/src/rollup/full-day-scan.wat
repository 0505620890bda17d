;; The hour scan of a full day, four hours at a time (see full-day-scan.util.ts for why and for
;; the contract). Assembled into full-day-scan.wasm by `npm run build:wasm`; a spec checks the
;; binary is this source's.
;;
;; Memory: the day's Float32 samples at IN (24 hours × perHour, slot 0 at midnight); the compact
;; rollup written at 0, in stored order: sum, sumSq, sumTX (Float64 × 24), ref, min, max, last
;; (Float32 × 24), leadRun, trailRun, longestRun (Int32 × 24) — 1,248 bytes.
;;
;; Each SIMD lane is one hour, so every hour's sums are added in slot order exactly as the scalar
;; scan adds them (no reassociation, no fused multiply-add): the results are bit for bit the same.
;; min/max use pmin/pmax, which are `x < m ? x : m` and `m < x ? x : m` — the scalar comparisons,
;; including which of −0 and +0 is kept.
(module
  (memory (export "memory") 1)
  (global (export "input") i32 (i32.const 2048))
  (global (export "outputBytes") i32 (i32.const 1248))

  ;; Returns 1 when every sample is finite (the rollup at 0 is then the day's), 0 otherwise (the
  ;; caller scans the day the scalar way; what was written is garbage).
  (func (export "scanFullDay") (param $perHour i32) (result i32)
    (local $stride i32) (local $stride2 i32) (local $stride3 i32)
    (local $g i32) (local $p i32) (local $end i32) (local $o4 i32) (local $o8 i32) (local $uf f64)
    (local $x v128) (local $ref v128) (local $last v128) (local $min v128) (local $max v128)
    (local $finite v128) (local $lead v128) (local $leadRun v128) (local $run v128) (local $longest v128)
    (local $eq v128) (local $lo v128) (local $hi v128) (local $refLo v128) (local $refHi v128) (local $u v128)
    (local $sumLo v128) (local $sumHi v128) (local $sqLo v128) (local $sqHi v128) (local $txLo v128) (local $txHi v128)
    (local.set $stride (i32.shl (local.get $perHour) (i32.const 2)))
    (local.set $stride2 (i32.shl (local.get $stride) (i32.const 1)))
    (local.set $stride3 (i32.add (local.get $stride2) (local.get $stride)))
    (local.set $finite (v128.const i32x4 -1 -1 -1 -1))
    (loop $group
      ;; slot 0 of hours 4g … 4g + 3
      (local.set $p (i32.add (i32.const 2048) (i32.mul (i32.shl (local.get $g) (i32.const 2)) (local.get $stride))))
      (local.set $end (i32.add (local.get $p) (local.get $stride)))
      (local.set $ref
        (v128.load32_lane 3 (i32.add (local.get $p) (local.get $stride3))
          (v128.load32_lane 2 (i32.add (local.get $p) (local.get $stride2))
            (v128.load32_lane 1 (i32.add (local.get $p) (local.get $stride))
              (v128.load32_zero (local.get $p))))))
      ;; NaN and ±Infinity fail x − x = 0, as in the scalar scan
      (local.set $finite (v128.and (local.get $finite)
        (f32x4.eq (f32x4.sub (local.get $ref) (local.get $ref)) (v128.const f32x4 0 0 0 0))))
      (local.set $last (local.get $ref))
      (local.set $min (local.get $ref))
      (local.set $max (local.get $ref))
      (local.set $refLo (f64x2.promote_low_f32x4 (local.get $ref)))
      (local.set $refHi (f64x2.promote_low_f32x4
        (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $ref) (local.get $ref))))
      (local.set $sumLo (v128.const f64x2 0 0))
      (local.set $sumHi (v128.const f64x2 0 0))
      (local.set $sqLo (v128.const f64x2 0 0))
      (local.set $sqHi (v128.const f64x2 0 0))
      (local.set $txLo (v128.const f64x2 0 0))
      (local.set $txHi (v128.const f64x2 0 0))
      ;; runs are kept minus one: run' = x = last ? run' + 1 : 0 is (run' − mask) & mask
      (local.set $run (v128.const i32x4 0 0 0 0))
      (local.set $longest (v128.const i32x4 0 0 0 0))
      (local.set $lead (v128.const i32x4 -1 -1 -1 -1))
      (local.set $leadRun (v128.const i32x4 1 1 1 1))
      (local.set $uf (f64.const 0))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (if (i32.lt_u (local.get $p) (local.get $end))
        (then
          (loop $slot
            (local.set $uf (f64.add (local.get $uf) (f64.const 1)))
            (local.set $x
              (v128.load32_lane 3 (i32.add (local.get $p) (local.get $stride3))
                (v128.load32_lane 2 (i32.add (local.get $p) (local.get $stride2))
                  (v128.load32_lane 1 (i32.add (local.get $p) (local.get $stride))
                    (v128.load32_zero (local.get $p))))))
            (local.set $finite (v128.and (local.get $finite)
              (f32x4.eq (f32x4.sub (local.get $x) (local.get $x)) (v128.const f32x4 0 0 0 0))))
            (local.set $eq (f32x4.eq (local.get $x) (local.get $last)))
            (local.set $run (v128.and (i32x4.sub (local.get $run) (local.get $eq)) (local.get $eq)))
            (local.set $longest (i32x4.max_s (local.get $longest) (local.get $run)))
            (local.set $lead (v128.and (local.get $lead) (f32x4.eq (local.get $x) (local.get $ref))))
            (local.set $leadRun (i32x4.sub (local.get $leadRun) (local.get $lead)))
            (local.set $min (f32x4.pmin (local.get $min) (local.get $x)))
            (local.set $max (f32x4.pmax (local.get $max) (local.get $x)))
            (local.set $last (local.get $x))
            (local.set $u (f64x2.splat (local.get $uf)))
            ;; d = x − ref; Σd, Σd², Σu·d
            (local.set $lo (f64x2.sub (f64x2.promote_low_f32x4 (local.get $x)) (local.get $refLo)))
            (local.set $hi (f64x2.sub (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))) (local.get $refHi)))
            (local.set $sumLo (f64x2.add (local.get $sumLo) (local.get $lo)))
            (local.set $sumHi (f64x2.add (local.get $sumHi) (local.get $hi)))
            (local.set $sqLo (f64x2.add (local.get $sqLo) (f64x2.mul (local.get $lo) (local.get $lo))))
            (local.set $sqHi (f64x2.add (local.get $sqHi) (f64x2.mul (local.get $hi) (local.get $hi))))
            (local.set $txLo (f64x2.add (local.get $txLo) (f64x2.mul (local.get $u) (local.get $lo))))
            (local.set $txHi (f64x2.add (local.get $txHi) (f64x2.mul (local.get $u) (local.get $hi))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br_if $slot (i32.lt_u (local.get $p) (local.get $end))))))
      (local.set $o8 (i32.shl (local.get $g) (i32.const 5)))
      (local.set $o4 (i32.shl (local.get $g) (i32.const 4)))
      (v128.store offset=0 (local.get $o8) (local.get $sumLo))
      (v128.store offset=16 (local.get $o8) (local.get $sumHi))
      (v128.store offset=192 (local.get $o8) (local.get $sqLo))
      (v128.store offset=208 (local.get $o8) (local.get $sqHi))
      (v128.store offset=384 (local.get $o8) (local.get $txLo))
      (v128.store offset=400 (local.get $o8) (local.get $txHi))
      (v128.store offset=576 (local.get $o4) (local.get $ref))
      (v128.store offset=672 (local.get $o4) (local.get $min))
      (v128.store offset=768 (local.get $o4) (local.get $max))
      (v128.store offset=864 (local.get $o4) (local.get $last))
      (v128.store offset=960 (local.get $o4) (local.get $leadRun))
      (v128.store offset=1056 (local.get $o4) (i32x4.add (local.get $run) (v128.const i32x4 1 1 1 1)))
      (v128.store offset=1152 (local.get $o4) (i32x4.add (local.get $longest) (v128.const i32x4 1 1 1 1)))
      ;; a day with a gap is the scalar scan's: no use scanning on
      (if (i32.eqz (i32x4.all_true (local.get $finite))) (then (return (i32.const 0))))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br_if $group (i32.lt_u (local.get $g) (i32.const 6))))
    (i32.const 1)))
