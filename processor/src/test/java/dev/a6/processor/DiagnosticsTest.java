package dev.a6.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One compilation per diagnostic, from {@code src/test/resources/bad/}: the error is reported,
 * with its full text, on the line of the offending element (marked {@code // error here}).
 */
class DiagnosticsTest {
  private static final String MARK = "// error here";

  static Stream<Arguments> cases() {
    return Stream.of(
        error("NameEmpty", Diagnostic.NAME_LENGTH.format(0)),
        error("NameTooLong", Diagnostic.NAME_LENGTH.format(129), "@Filter(\"aaaa"),
        error("DuplicateName", Diagnostic.DUPLICATE_NAME.format("say", "bad.DuplicateName.first()")),
        error("DuplicatePhase", Diagnostic.DUPLICATE_PHASE.format("say", "request", "first()")),
        error(
            "PhasesInTwoClasses",
            Diagnostic.PHASES_IN_TWO_CLASSES.format("say", "bad.PhasesInTwoClasses.request()")),
        error("PrivateMethod", Diagnostic.PRIVATE_METHOD.format()),
        error(
            "UnreachableClass",
            Diagnostic.UNREACHABLE_CLASS.format("bad.UnreachableClass.Hidden")),
        error("InnerClass", Diagnostic.INNER_CLASS.format("bad.InnerClass.Inner")),
        error("GenericMethod", Diagnostic.GENERIC_METHOD.format()),
        error("BadReturn", Diagnostic.BAD_RETURN.format("java.lang.String")),
        error("NoConstructor", Diagnostic.NO_CONSTRUCTOR.format("bad.NoConstructor")),
        error("AbstractOwner", Diagnostic.ABSTRACT_OWNER.format("bad.AbstractOwner")),
        error("UnsupportedParameter", Diagnostic.UNSUPPORTED_PARAMETER.format("int")),
        error("TwoConfs", Diagnostic.TWO_CONFS.format("conf")),
        error("RepeatedParameter", Diagnostic.REPEATED_PARAMETER.format("HttpRequest")),
        error(
            "MixedPhases",
            Diagnostic.MIXED_PHASES.format("parameter response", "parameter request")),
        error("VarType", Diagnostic.VAR_TYPE.format("int")),
        error("VarName", Diagnostic.VAR_NAME.format()),
        error("BodyType", Diagnostic.BODY_TYPE.format("Body", "char[]")),
        error("UpstreamBodyType", Diagnostic.BODY_TYPE.format("UpstreamBody", "java.io.InputStream")),
        error("TwoAnnotations", Diagnostic.TWO_ANNOTATIONS.format()),
        error(
            "PreparedConstructor",
            Diagnostic.PREPARED_CONSTRUCTOR.format(
                "bad.PreparedConstructor.State", "a conf record")),
        error("PreparedType", Diagnostic.PREPARED_TYPE.format("bad.PreparedType.State")),
        error(
            "PreparedConfMismatch",
            Diagnostic.PREPARED_CONF_MISMATCH.format(
                "bad.PreparedConfMismatch.State",
                "bad.PreparedConfMismatch.Other",
                "bad.PreparedConfMismatch.Conf")),
        error(
            "PhaseConfMismatch",
            Diagnostic.PHASE_CONF_MISMATCH.format(
                "say",
                "conf bad.PhaseConfMismatch.Other",
                "conf bad.PhaseConfMismatch.Conf",
                "bad.PhaseConfMismatch.request()")),
        error("PrivateRecord", Diagnostic.PRIVATE_RECORD.format("Conf")),
        error("GenericRecord", Diagnostic.GENERIC_RECORD.format("Conf")),
        error("ComponentType", Diagnostic.COMPONENT_TYPE.format("float")),
        error(
            "MapKey",
            Diagnostic.MAP_KEY.format("java.util.Map<java.lang.Integer,java.lang.String>")),
        error("DuplicateKey", Diagnostic.DUPLICATE_KEY.format("http_status", "httpStatus")),
        error("EmptyKey", Diagnostic.EMPTY_KEY.format()),
        error(
            "DefaultSyntax",
            Diagnostic.DEFAULT_SYNTAX.format(
                "java.util.List<java.lang.String>",
                "[\\\"text\\\"]",
                "expected a string key at character 2")),
        error(
            "DefaultMismatch",
            Diagnostic.DEFAULT_MISMATCH.format("expected an integer, got a string")),
        error("DefaultRequired", Diagnostic.DEFAULT_REQUIRED.format()),
        error("RawJsonType", Diagnostic.RAW_JSON_TYPE.format()),
        error("Unresolved", Diagnostic.UNRESOLVED.format("parameter conf", "NoSuchConf")));
  }

  private static Arguments error(String name, String message) {
    return error(name, message, MARK);
  }

  private static Arguments error(String name, String message, String line) {
    return Arguments.of(name, message, line);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheErrorOnTheElement(String name, String message, String line) {
    JavaFileObject source = JavaFileObjects.forResource("bad/bad/" + name + ".java");
    Compilation compilation = Sources.compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }
}
