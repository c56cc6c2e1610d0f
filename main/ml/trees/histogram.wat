;; The hot loops of train.gbdt, as WebAssembly, without JavaScript's bounds checks:
;; - histogram: the same loop as grow.ts's histogramKernel (two rows per step, the same
;;   order of additions, so the sums are bit-identical);
;; - partition: a node's rows split by a threshold on one feature's bins, as grow.ts's
;;   partition does (stable; branch-free, since the direction is a coin flip for the CPU);
;; - add_leaf: a leaf's value added to the raw scores of its rows, as gbdt.ts does.
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
;;   col    u8[rows], one feature's bins (a column of the feature-major copy)
;;   tmp    u32[], room for the rows that go right
;;   raw    f64[rows × stride], raw scores; output k of row r at r × stride + k
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
              (br_if $last (i32.lt_s (local.get $t) (local.get $nt)))))))))
  ;; Rows rows[start, end) whose bin b in `col` goes left (b <= bin, or b == missingBin and
  ;; missingLeft) are written in order from rows[start] on, the others in order to tmp[0..];
  ;; returns how many went left. The caller moves tmp after the left rows.
  (func (export "partition")
    (param $rows i32) (param $start i32) (param $end i32) (param $col i32)
    (param $bin i32) (param $missingBin i32) (param $missingLeft i32) (param $tmp i32)
    (result i32)
    (local $i i32) (local $nl i32) (local $nr i32) (local $r i32) (local $b i32) (local $left i32)
    (local.set $i (local.get $start))
    (local.set $nl (local.get $start))
    (block $done
      (loop $rows_loop
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $b (i32.load8_u (i32.add (local.get $col) (local.get $r))))
        (local.set $left
          (select (local.get $missingLeft) (i32.le_u (local.get $b) (local.get $bin)) (i32.eq (local.get $b) (local.get $missingBin))))
        ;; nl <= i, so rows[i] is read before anything is written over it.
        (i32.store (i32.add (local.get $rows) (i32.shl (local.get $nl) (i32.const 2))) (local.get $r))
        (i32.store (i32.add (local.get $tmp) (i32.shl (local.get $nr) (i32.const 2))) (local.get $r))
        (local.set $nl (i32.add (local.get $nl) (local.get $left)))
        (local.set $nr (i32.add (local.get $nr) (i32.xor (local.get $left) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows_loop)))
    (i32.sub (local.get $nl) (local.get $start)))

  ;; raw[rows[i] × stride + k] += value for i in [start, end).
  (func (export "add_leaf")
    (param $rows i32) (param $start i32) (param $end i32) (param $raw i32)
    (param $stride i32) (param $k i32) (param $value f64)
    (local $i i32) (local $at i32)
    (local.set $i (local.get $start))
    (block $done
      (loop $rows_loop
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $at (i32.add (local.get $raw)
          (i32.shl (i32.add (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride)) (local.get $k)) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $value)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows_loop))))
)
