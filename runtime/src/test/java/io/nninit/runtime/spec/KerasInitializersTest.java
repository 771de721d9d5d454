package io.nninit.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KerasInitializersTest {
  @ParameterizedTest
  @CsvSource({
    "glorot_uniform, glorot_uniform",
    "GlorotUniform, glorot_uniform",
    "uniform, random_uniform",
    "normal, random_normal",
    "one, ones",
    "zero, zeros",
    "Orthogonal, orthogonal",
    "OrthogonalInitializer, orthogonal",
    "orthogonal_initializer, orthogonal",
    "VarianceScaling, variance_scaling",
    "Identity, identity",
  })
  void acceptsKerasNamesAndAliases(String written, String canonical) {
    KerasInitializer init = KerasInitializers.resolve(written);
    assertEquals(canonical, init.name());
    assertEquals(written, init.writtenName());
  }

  @Test
  void presetsAreVarianceScaling() {
    KerasInitializer he = KerasInitializers.resolve("HeNormal(seed=7)");
    assertEquals(KerasFamily.VARIANCE_SCALING, he.family());
    assertEquals(2.0, he.scale());
    assertEquals("fan_in", he.mode());
    assertEquals("truncated_normal", he.distribution());
    assertEquals(OptionalLong.of(7), he.seed());
    assertFalse(he.drawsDefaultSeed());
    assertEquals("he_normal(seed=7)", he.source());
  }

  @Test
  void defaultsArgumentsAndPositional() {
    KerasInitializer vs = KerasInitializers.resolve("variance_scaling(2, 'fan_out', 'Normal')");
    assertEquals(2.0, vs.scale());
    assertEquals("fan_out", vs.mode());
    assertEquals("truncated_normal", vs.distribution());
    assertTrue(vs.drawsDefaultSeed());
    assertEquals("variance_scaling(scale=2, mode='fan_out', distribution='Normal')", vs.source());
    KerasInitializer u = KerasInitializers.resolve("random_uniform(seed=None)");
    assertEquals(-0.05, u.minval());
    assertEquals(0.05, u.maxval());
    assertTrue(u.drawsDefaultSeed());
    KerasInitializer zeros = KerasInitializers.resolve("zeros");
    assertFalse(zeros.isRandom());
    assertFalse(zeros.drawsDefaultSeed());
  }

  @Test
  void derivationSpellsOutTheFans() {
    KerasFillPlan plan = KerasInitializers.resolve("he_normal").bind(3, 3, 3, 32);
    assertEquals(
        "he_normal: fan_in = 3*3*3 = 27, fan_out = 3*3*32 = 288, s = 2.0/max(1, fan_in) ="
            + " 0.07407407407407407, stddev = sqrt(s)/0.87962566103423978 = 0.3094106266248576"
            + " -> truncated_normal: mean = 0.0f, stddev = 0.30941063f",
        plan.derivation());
    KerasOp.TruncatedNormal op = (KerasOp.TruncatedNormal) plan.op();
    assertEquals(0.30941063f, op.stddev()); // numpy.float32(sqrt(2/27)/0.8796...)
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "he_normall              | nn.init.unknown        | 0  | did you mean 'he_normal'?",
        "GlorotUniformm          | nn.init.unknown        | 0  | did you mean 'glorot_uniform'?",
        "xavier                  | nn.init.unknown        | 0  | known: zeros, ones",
        "he_normal(sed=1)        | nn.init.argument       | 10 | did you mean 'seed'?",
        "he_normal(scale=2.0)    | nn.init.argument       | 10 | its arguments are seed",
        "zeros(1)                | nn.init.argument       | 6  | zeros takes no arguments",
        "he_normal(1, 2)         | nn.init.argument       | 13 | at most 1 positional argument",
        "he_normal(1, seed=2)    | nn.spec.duplicate-argument | 13 | got two values for 'seed'",
        "he_normal(seed=1.5)     | nn.init.argument-type  | 15 | seed must be an integer",
        "he_normal(seed='a')     | nn.init.argument-type  | 15 | seed must be an integer",
        "constant(value='x')     | nn.init.argument-type  | 15 | value must be a number",
        "variance_scaling(scale=0.0) | nn.init.argument-value | 23 | scale must be a positive",
        "variance_scaling(scale=-1)  | nn.init.argument-value | 23 | scale must be a positive",
        "variance_scaling(mode='fan_inn') | nn.init.argument-value | 22 | did you mean 'fan_in'?",
        "variance_scaling(mode='FAN_IN') | nn.init.argument-value | 22 | case-sensitive",
        "variance_scaling(distribution='gauss') | nn.init.argument-value | 30 | 'uniform'",
        "variance_scaling(mode=1) | nn.init.argument-type | 22 | quoted string",
        "random_normal(stddev=1e999) | nn.init.argument-value | 21 | finite",
      })
  void errors(String text, String code, int offset, String fragment) {
    SpecException e = assertThrows(SpecException.class, () -> KerasInitializers.resolve(text));
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void shapeErrors() {
    SpecException o =
        assertThrows(SpecException.class, () -> KerasInitializers.resolve("orthogonal").bind(5));
    assertEquals(SpecException.SHAPE, o.code());
    SpecException i =
        assertThrows(
            SpecException.class,
            () -> KerasInitializers.resolve("identity(gain=2.0)").bind(3, 3, 3));
    assertEquals(SpecException.SHAPE, i.code());
  }

  @Test
  void suggestions() {
    assertEquals("glorot_uniform", KerasInitializers.closestName("glorotuniform").orElseThrow());
    assertTrue(KerasInitializers.closestName("completely_different").isEmpty());
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
  }
}
