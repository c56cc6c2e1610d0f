;; The gradient-histogram kernel of train.gbdt, as WebAssembly: the same loop as
;; grow.ts's histogramKernel (two rows per step, the same order of additions, so the sums
;; are bit-identical), without JavaScript's bounds checks, which roughly halves its time.
;;
;; Edit this file, then run `node scripts/gen-wasm.mjs` to regenerate histogram-wasm.ts
;; (histogram-wasm.test.ts fails while the two disagree).
;;
;; All pointers are byte offsets into the imported memory:
;;   hist   f64[features << 10]: feature j, bin b at ((j << 8) | b) << 2 = [sum g, sum h, count, -]
;;   bins   u8[rows × nf], row-major
;;   rows   u32[], the row indices rows[start, end) to add
;;   grad, hess  f64[] per row
;;   feats  i32[nt], the features to add (all of them, or a column sample)
(module
  (import "env" "memory" (memory 1 65536 shared))
  (func (export "histogram")
    (param $hist i32) (param $bins i32) (param $nf i32) (param $rows i32)
    (param $start i32) (param $end i32) (param $grad i32) (param $hess i32)
    (param $feats i32) (param $nt i32)
    (local $i i32) (local $r0 i32) (local $r1 i32) (local $a i32) (local $b i32)
    (local $t i32) (local $j i32) (local $k0 i32) (local $k1 i32)
    (local $g0 f64) (local $h0 f64) (local $g1 f64) (local $h1 f64)
    (local.set $i (local.get $start))
    (if (i32.gt_s (local.get $nt) (i32.const 0))
      (then
        ;; Pairs of rows.
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
            (local.set $r0 (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $r1 (i32.load offset=4 (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $g0 (f64.load (i32.add (local.get $grad) (i32.shl (local.get $r0) (i32.const 3)))))
            (local.set $h0 (f64.load (i32.add (local.get $hess) (i32.shl (local.get $r0) (i32.const 3)))))
            (local.set $g1 (f64.load (i32.add (local.get $grad) (i32.shl (local.get $r1) (i32.const 3)))))
            (local.set $h1 (f64.load (i32.add (local.get $hess) (i32.shl (local.get $r1) (i32.const 3)))))
            (local.set $a (i32.add (local.get $bins) (i32.mul (local.get $r0) (local.get $nf))))
            (local.set $b (i32.add (local.get $bins) (i32.mul (local.get $r1) (local.get $nf))))
            (local.set $t (i32.const 0))
            (loop $features
              (local.set $j (i32.load (i32.add (local.get $feats) (i32.shl (local.get $t) (i32.const 2)))))
              (local.set $k0 (i32.add (local.get $hist)
                (i32.shl (i32.or (i32.shl (local.get $j) (i32.const 8)) (i32.load8_u (i32.add (local.get $a) (local.get $j)))) (i32.const 5))))
              (local.set $k1 (i32.add (local.get $hist)
                (i32.shl (i32.or (i32.shl (local.get $j) (i32.const 8)) (i32.load8_u (i32.add (local.get $b) (local.get $j)))) (i32.const 5))))
              (f64.store (local.get $k0) (f64.add (f64.load (local.get $k0)) (local.get $g0)))
              (f64.store offset=8 (local.get $k0) (f64.add (f64.load offset=8 (local.get $k0)) (local.get $h0)))
              (f64.store offset=16 (local.get $k0) (f64.add (f64.load offset=16 (local.get $k0)) (f64.const 1)))
              (f64.store (local.get $k1) (f64.add (f64.load (local.get $k1)) (local.get $g1)))
              (f64.store offset=8 (local.get $k1) (f64.add (f64.load offset=8 (local.get $k1)) (local.get $h1)))
              (f64.store offset=16 (local.get $k1) (f64.add (f64.load offset=16 (local.get $k1)) (f64.const 1)))
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br_if $features (i32.lt_s (local.get $t) (local.get $nt))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $pairs)))
        ;; The last row of an odd count.
        (if (i32.lt_s (local.get $i) (local.get $end))
          (then
            (local.set $r0 (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $g0 (f64.load (i32.add (local.get $grad) (i32.shl (local.get $r0) (i32.const 3)))))
            (local.set $h0 (f64.load (i32.add (local.get $hess) (i32.shl (local.get $r0) (i32.const 3)))))
            (local.set $a (i32.add (local.get $bins) (i32.mul (local.get $r0) (local.get $nf))))
            (local.set $t (i32.const 0))
            (loop $last
              (local.set $j (i32.load (i32.add (local.get $feats) (i32.shl (local.get $t) (i32.const 2)))))
              (local.set $k0 (i32.add (local.get $hist)
                (i32.shl (i32.or (i32.shl (local.get $j) (i32.const 8)) (i32.load8_u (i32.add (local.get $a) (local.get $j)))) (i32.const 5))))
              (f64.store (local.get $k0) (f64.add (f64.load (local.get $k0)) (local.get $g0)))
              (f64.store offset=8 (local.get $k0) (f64.add (f64.load offset=8 (local.get $k0)) (local.get $h0)))
              (f64.store offset=16 (local.get $k0) (f64.add (f64.load offset=16 (local.get $k0)) (f64.const 1)))
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br_if $last (i32.lt_s (local.get $t) (local.get $nt))))))))))
