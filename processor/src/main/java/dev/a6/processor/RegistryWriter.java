package dev.a6.processor;

import static dev.a6.processor.RuntimeNames.FILTER_BINDING;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the runner's registry, the dispatch table of every plugin in the compilation, and its
 * {@code main} class.
 */
final class RegistryWriter {
  private RegistryWriter() {}

  /**
   * @param registry the registry class
   * @param filtersClasses the {@code <Owner>_Filters} classes, sorted
   * @param originating the {@code @Filter} methods, for incremental builds
   */
  static JavaFile registry(
      ClassName registry,
      List<ClassName> filtersClasses,
      List<Element> originating,
      GeneratedMarks marks) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(registry)
            .addJavadoc(
                "Every plugin of this runner. Pass it to {@code Runner.main} or to {@code"
                    + " FilterTester}.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(RuntimeNames.FILTER_REGISTRY);
    marks.annotate(type);
    originating.forEach(type::addOriginatingElement);
    type.addField(
        FieldSpec.builder(DispatchWriter.bindingList(), "filters", Modifier.PRIVATE, Modifier.FINAL)
            .build());
    CodeBlock.Builder body =
        CodeBlock.builder()
            .addStatement(
                "$T all = new $T<>()",
                DispatchWriter.bindingList(),
                ArrayList.class);
    for (ClassName filters : filtersClasses) {
      body.addStatement("all.addAll($T.bindings())", filters);
    }
    body.addStatement("all.sort($T.comparing($T::name))", Comparator.class, FILTER_BINDING)
        .addStatement("this.filters = $T.copyOf(all)", List.class);
    type.addMethod(
        MethodSpec.constructorBuilder()
            .addJavadoc("Creates the plugins, and one instance of each class with instance"
                + " filters.\n")
            .addModifiers(Modifier.PUBLIC)
            .addCode(body.build())
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("filters")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(DispatchWriter.bindingList())
            .addStatement("return filters")
            .build());
    return JavaFile.builder(registry.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  static JavaFile main(
      ClassName main, ClassName registry, List<Element> originating, GeneratedMarks marks) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(main)
            .addJavadoc(
                "Starts the plugin runner: {@code java -jar runner.jar [run] [options]}, {@code"
                    + " --help}, {@code --version}.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL);
    marks.annotate(type);
    originating.forEach(type::addOriginatingElement);
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    type.addMethod(
        MethodSpec.methodBuilder("main")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(String[].class, "args")
            .addStatement("$T.launch($T::new, args)", RuntimeNames.RUNNER, registry)
            .build());
    return JavaFile.builder(main.packageName(), type.build()).skipJavaLangImports(true).build();
  }
}
