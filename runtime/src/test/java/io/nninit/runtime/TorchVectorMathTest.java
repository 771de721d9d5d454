package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The AVX2 {@code normal_} math on every input it can receive: uniforms are multiples of 2^-24, so
 * {@code log} sees the 2^24 values {@code 1 - k*2^-24} and {@code sincos} the 2^24 values {@code
 * (float) 2pi * k*2^-24}. The expected SHA-256 digests (little-endian float32 outputs for k = 0 ..
 * 2^24-1) were computed by the project reference's {@code torch_ref.py} ({@code log256_ps}, {@code
 * sincos256_ps}), the model that reproduced PyTorch 1.13's AVX2 kernel bit for bit.
 */
class TorchVectorMathTest {
  private static final int INPUTS = 1 << 24;
  private static final float TWO_PI_F = (float) (2.0 * Math.PI);

  private static final class Digest {
    private final MessageDigest sha;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    Digest() throws NoSuchAlgorithmException {
      sha = MessageDigest.getInstance("SHA-256");
    }

    void add(float value) {
      if (!buffer.hasRemaining()) {
        sha.update(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      buffer.putFloat(value);
    }

    String hex() {
      sha.update(buffer.array(), 0, buffer.position());
      return HexFormat.of().formatHex(sha.digest());
    }
  }

  @Test
  void logAndRadiusMatchTheReferenceModelOnAllInputs() throws NoSuchAlgorithmException {
    Digest log = new Digest();
    Digest radius = new Digest();
    for (int k = 0; k < INPUTS; k++) {
      float u1 = 1f - k * 0x1p-24f;
      float value = TorchVectorMath.log(u1);
      log.add(value);
      radius.add((float) Math.sqrt(-2f * value));
    }
    assertEquals("20e15d6387eaf272777e51b53cb92f0d8d6c4bf7ae46cab661205cb928f524bd", log.hex());
    assertEquals("76e7a929fba381cbf76f50067a0916c27a4e1ff1d786b30d06f4091dce74cc8f", radius.hex());
  }

  @Test
  void sinCosMatchTheReferenceModelOnAllInputs() throws NoSuchAlgorithmException {
    Digest sin = new Digest();
    Digest cos = new Digest();
    for (int k = 0; k < INPUTS; k++) {
      long sinCos = TorchVectorMath.sinCos(TWO_PI_F * (k * 0x1p-24f));
      sin.add(TorchVectorMath.sinOf(sinCos));
      cos.add(TorchVectorMath.cosOf(sinCos));
    }
    assertEquals("cf51824cdb98f1c2f535f4cc1c24ce27ce429632ece60d42249e211f555b8dca", sin.hex());
    assertEquals("0159be50a0cb9ad5d1e32bf5a361bd792fd09b17bdcf5b000e8a4fe4638cde4d", cos.hex());
  }
}
