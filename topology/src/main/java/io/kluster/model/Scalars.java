package io.kluster.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands for arithmetic that autograd differentiates.
 *
 * <p>DJL's {@code NDArray.mul(Number)} and its siblings wrap the number in an array over a direct
 * Java buffer and close that array as soon as the operation returns. libtorch does not copy such a
 * buffer, and autograd keeps the scalar for the backward pass of {@code mul}, {@code div} and
 * {@code pow}: once the garbage collector frees the buffer, the backward pass reads whatever
 * memory took its place, and a training step goes wrong at random (a NaN, or a silently wrong
 * gradient). A scalar made here is allocated by libtorch and lives until the batch's scope closes,
 * after the backward pass. Loss code uses these, never a {@code Number} overload.
 */
final class Scalars {

    private Scalars() {
    }

    /** A zero-dimensional array holding {@code value}, owned by libtorch, in the manager of {@code like}. */
    static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }
}
