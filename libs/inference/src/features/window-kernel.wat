;; The feature windows from block partial sums (`fillWindows` of feature-windows.util.ts, with
;; `combineBlocks` and `writeAggregations` of window-aggregate.util.ts) in WebAssembly: see
;; window-kernel.util.ts for why and for the contract. Assembled into window-kernel.wasm
;; by `npm run build:wasm`; a spec checks the binary is this source's.
;;
;; Memory (byte offsets passed in): per signal, its blocks' Float64 columns ref, sum, sumSq, min,
;; max, last, sumT, sumTT, sumTX (each H values) and then its Int32 counts, signal after signal;
;; the aggregation codes (Int32 × nAgg); out: the features (Float32, rows × nSig·nAgg), the
;; coverage (Float32, rows × nSig) and the index of each kept window (Int32 × rows).
;;
;; Every sum is JavaScript's, term by term in its order (a + b + c is (a + b) + c; 2·dr·bsx is
;; (2·dr)·bsx), no fused multiply-add; values go to Float32 as a Float32Array store rounds them.
;; So the features are bit for bit the JavaScript ones — a spec compares the two.
(module
  (memory (export "memory") 1)

  ;; Returns the kept rows.
  (func (export "windows")
    (param $nSig i32) (param $H i32) (param $total i32) (param $bpw i32) (param $bps i32) (param $B i32)
    (param $W f64) (param $minValid i32) (param $minCoverage f64) (param $nAgg i32)
    (param $aggs i32) (param $stats i32) (param $features i32) (param $coverage i32) (param $kept i32)
    (result i32)
    (local $rows i32) (local $w i32) (local $s i32) (local $j i32) (local $b i32) (local $a i32) (local $keep i32)
    (local $sig i32) (local $stride i32) (local $col8 i32) (local $cols i32) (local $at i32)
    (local $n i32) (local $c i32) (local $cf f64) (local $R f64) (local $dr f64) (local $d f64) (local $bsx f64) (local $bsu f64)
    (local $sx f64) (local $sxx f64) (local $t1 f64) (local $t2 f64) (local $tx f64) (local $mn f64) (local $mx f64) (local $last f64)
    (local $v f64) (local $x f64) (local $nf f64) (local $meanRel f64) (local $cov f64)
    ;; bytes per signal: nine Float64 columns and one Int32 column of H values
    (local.set $stride (i32.mul (local.get $H) (i32.const 76)))
    (local.set $col8 (i32.shl (local.get $H) (i32.const 3)))
    (local.set $cols (i32.mul (local.get $nSig) (local.get $nAgg)))
    (block $windowsDone
      (loop $window
        (br_if $windowsDone (i32.ge_s (local.get $w) (local.get $total)))
        (local.set $keep (i32.const 1))
        (local.set $s (i32.const 0))
        (block $signalsDone
          (loop $signal
            (br_if $signalsDone (i32.ge_s (local.get $s) (local.get $nSig)))
            (local.set $sig (i32.add (local.get $stats) (i32.mul (local.get $s) (local.get $stride))))
            ;; combineBlocks
            (local.set $n (i32.const 0))
            (local.set $R (f64.const nan))
            (local.set $sx (f64.const 0))
            (local.set $sxx (f64.const 0))
            (local.set $t1 (f64.const 0))
            (local.set $t2 (f64.const 0))
            (local.set $tx (f64.const 0))
            (local.set $mn (f64.const inf))
            (local.set $mx (f64.const -inf))
            (local.set $last (f64.const nan))
            (local.set $j (i32.const 0))
            (block $blocksDone
              (loop $block
                (br_if $blocksDone (i32.ge_s (local.get $j) (local.get $bpw)))
                (local.set $b (i32.add (i32.mul (local.get $w) (local.get $bps)) (local.get $j)))
                ;; the block's Float64 at column 0 (ref) … 8 (sumTX): $at + k·H·8
                (local.set $at (i32.add (local.get $sig) (i32.shl (local.get $b) (i32.const 3))))
                (local.set $c (i32.load (i32.add (i32.add (local.get $sig) (i32.mul (local.get $col8) (i32.const 9))) (i32.shl (local.get $b) (i32.const 2)))))
                (if (local.get $c)
                  (then
                    (if (i32.eqz (local.get $n)) (then (local.set $R (f64.load (local.get $at)))))
                    (local.set $cf (f64.convert_i32_s (local.get $c)))
                    (local.set $dr (f64.sub (f64.load (local.get $at)) (local.get $R)))
                    (local.set $d (f64.convert_i32_s (i32.mul (local.get $j) (local.get $B))))
                    (local.set $bsx (f64.load (i32.add (local.get $at) (local.get $col8))))
                    (local.set $bsu (f64.load (i32.add (local.get $at) (i32.mul (local.get $col8) (i32.const 6)))))
                    ;; sxx += sumSq + 2·dr·bsx + dr·dr·c
                    (local.set $sxx
                      (f64.add (local.get $sxx)
                        (f64.add
                          (f64.add (f64.load (i32.add (local.get $at) (i32.shl (local.get $col8) (i32.const 1))))
                            (f64.mul (f64.mul (f64.const 2) (local.get $dr)) (local.get $bsx)))
                          (f64.mul (f64.mul (local.get $dr) (local.get $dr)) (local.get $cf)))))
                    ;; t1 += bsu + d·c
                    (local.set $t1 (f64.add (local.get $t1) (f64.add (local.get $bsu) (f64.mul (local.get $d) (local.get $cf)))))
                    ;; t2 += sumTT + 2·d·bsu + d·d·c
                    (local.set $t2
                      (f64.add (local.get $t2)
                        (f64.add
                          (f64.add (f64.load (i32.add (local.get $at) (i32.mul (local.get $col8) (i32.const 7))))
                            (f64.mul (f64.mul (f64.const 2) (local.get $d)) (local.get $bsu)))
                          (f64.mul (f64.mul (local.get $d) (local.get $d)) (local.get $cf)))))
                    ;; tx += sumTX + d·bsx + dr·(bsu + d·c)
                    (local.set $tx
                      (f64.add (local.get $tx)
                        (f64.add
                          (f64.add (f64.load (i32.add (local.get $at) (i32.shl (local.get $col8) (i32.const 3))))
                            (f64.mul (local.get $d) (local.get $bsx)))
                          (f64.mul (local.get $dr) (f64.add (local.get $bsu) (f64.mul (local.get $d) (local.get $cf)))))))
                    ;; sx += bsx + dr·c
                    (local.set $sx (f64.add (local.get $sx) (f64.add (local.get $bsx) (f64.mul (local.get $dr) (local.get $cf)))))
                    (local.set $n (i32.add (local.get $n) (local.get $c)))
                    (local.set $x (f64.load (i32.add (local.get $at) (i32.mul (local.get $col8) (i32.const 3)))))
                    (if (f64.lt (local.get $x) (local.get $mn)) (then (local.set $mn (local.get $x))))
                    (local.set $x (f64.load (i32.add (local.get $at) (i32.shl (local.get $col8) (i32.const 2)))))
                    (if (f64.gt (local.get $x) (local.get $mx)) (then (local.set $mx (local.get $x))))
                    (local.set $last (f64.load (i32.add (local.get $at) (i32.mul (local.get $col8) (i32.const 5)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $block)))
            ;; kept only when every signal has enough valid samples and coverage
            (local.set $cov (f64.div (f64.convert_i32_s (local.get $n)) (local.get $W)))
            (if (i32.or (i32.lt_s (local.get $n) (local.get $minValid)) (f64.lt (local.get $cov) (local.get $minCoverage)))
              (then
                (local.set $keep (i32.const 0))
                (br $signalsDone)))
            ;; writeAggregations
            (local.set $nf (f64.convert_i32_s (local.get $n)))
            (local.set $meanRel (f64.div (local.get $sx) (local.get $nf)))
            (local.set $a (i32.const 0))
            (block $aggsDone
              (loop $agg
                (br_if $aggsDone (i32.ge_s (local.get $a) (local.get $nAgg)))
                (block $store
                  (block $lastValue
                    (block $slope
                      (block $max
                        (block $min
                          (block $std
                            (block $mean
                              ;; the aggregation codes of `aggregationCodes`: mean, std, min, max, slope, last (and anything else: last)
                              (br_table $mean $std $min $max $slope $lastValue
                                (i32.load (i32.add (local.get $aggs) (i32.shl (local.get $a) (i32.const 2))))))
                            (local.set $v (f64.add (local.get $R) (local.get $meanRel)))
                            (br $store))
                          (local.set $v
                            (f64.sqrt (f64.max (f64.const 0)
                              (f64.sub (f64.div (local.get $sxx) (local.get $nf)) (f64.mul (local.get $meanRel) (local.get $meanRel))))))
                          (br $store))
                        (local.set $v (local.get $mn))
                        (br $store))
                      (local.set $v (local.get $mx))
                      (br $store))
                    (local.set $v
                      (f64.div
                        (f64.sub (local.get $tx) (f64.div (f64.mul (local.get $t1) (local.get $sx)) (local.get $nf)))
                        (f64.sub (local.get $t2) (f64.div (f64.mul (local.get $t1) (local.get $t1)) (local.get $nf)))))
                    (br $store))
                  (local.set $v (local.get $last)))
                (f32.store
                  (i32.add (local.get $features)
                    (i32.shl
                      (i32.add (i32.add (i32.mul (local.get $rows) (local.get $cols)) (i32.mul (local.get $s) (local.get $nAgg))) (local.get $a))
                      (i32.const 2)))
                  (f32.demote_f64 (local.get $v)))
                (local.set $a (i32.add (local.get $a) (i32.const 1)))
                (br $agg)))
            (f32.store
              (i32.add (local.get $coverage) (i32.shl (i32.add (i32.mul (local.get $rows) (local.get $nSig)) (local.get $s)) (i32.const 2)))
              (f32.demote_f64 (local.get $cov)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $signal)))
        (if (local.get $keep)
          (then
            (i32.store (i32.add (local.get $kept) (i32.shl (local.get $rows) (i32.const 2))) (local.get $w))
            (local.set $rows (i32.add (local.get $rows) (i32.const 1)))))
        (local.set $w (i32.add (local.get $w) (i32.const 1)))
        (br $window)))
    (local.get $rows)))
