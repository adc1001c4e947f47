package dev.strata.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.strata.dsl.Buffer;
import dev.strata.dsl.Child;
import dev.strata.dsl.Forward;
import dev.strata.dsl.Hyper;
import dev.strata.dsl.Module;
import dev.strata.dsl.Param;
import dev.strata.dsl.Shape;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Generates {@code <Name>Config}, {@code <Name>Module} and, for modules with entry points, {@code <Name>Graph} for
 * every {@link Module} class. Problems are reported on the offending element; a class with any problem gets no
 * generated code, so the user sees the real error rather than follow-on ones in generated sources.
 */
@AutoService(Processor.class)
public final class ModuleProcessor extends AbstractProcessor {
  private static final List<Class<? extends Annotation>> MEMBER_ANNOTATIONS =
      List.of(Hyper.class, Param.class, Buffer.class, Child.class, Forward.class);

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return List.of(Module.class, Hyper.class, Param.class, Buffer.class, Child.class, Forward.class, Shape.class)
        .stream()
        .map(Class::getCanonicalName)
        .collect(Collectors.toSet());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    ModuleReader reader = new ModuleReader(processingEnv);
    for (Element element : round.getElementsAnnotatedWith(Module.class)) {
      if (element.getKind() != ElementKind.CLASS) {
        error(element, "@Module applies to classes, not to " + kindName(element));
        continue;
      }
      reader.read((TypeElement) element).ifPresent(this::generate);
    }
    checkPlacement(round);
    return false;
  }

  private void generate(ModuleModel model) {
    write(model, ConfigGenerator.generate(model));
    write(model, ModuleGenerator.generate(model));
    if (GraphGenerator.applies(model)) {
      write(model, GraphGenerator.generate(model));
    }
  }

  private void write(ModuleModel model, JavaFile file) {
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (IOException e) {
      error(model.element(), "cannot write " + file.packageName() + "." + file.typeSpec().name() + ": "
          + e.getMessage());
    }
  }

  /** Member annotations only mean something inside a @Module class; elsewhere they would be silently ignored. */
  private void checkPlacement(RoundEnvironment round) {
    for (Class<? extends Annotation> annotation : MEMBER_ANNOTATIONS) {
      for (Element member : round.getElementsAnnotatedWith(annotation)) {
        Element owner = member.getEnclosingElement();
        if (owner.getAnnotation(Module.class) == null && !hasUnresolvedAnnotation(owner)) {
          error(member, "@" + annotation.getSimpleName() + " " + kindName(member) + " '" + member.getSimpleName()
              + "' is in " + owner.getSimpleName() + ", which is not a @Module class" + hint(owner));
        }
      }
    }
    for (Element parameter : round.getElementsAnnotatedWith(Shape.class)) {
      if (parameter.getEnclosingElement().getAnnotation(Forward.class) == null) {
        error(parameter, "@Shape on parameter '" + parameter.getSimpleName()
            + "' has no effect: it applies only to parameters of @Forward methods");
      }
    }
  }

  /** An annotation javac could not resolve may be @Module; javac reports it, and guessing would add noise. */
  private static boolean hasUnresolvedAnnotation(Element element) {
    return element.getAnnotationMirrors().stream()
        .anyMatch(a -> a.getAnnotationType().getKind() == javax.lang.model.type.TypeKind.ERROR);
  }

  /**
   * With {@code import dev.strata.dsl.*}, {@code @Module} is ambiguous with {@code java.lang.Module}; javac then
   * drops the annotation, and this error is the one users see next to javac's.
   */
  private String hint(Element owner) {
    TypeElement block = processingEnv.getElementUtils().getTypeElement(ModuleReader.BLOCK);
    boolean isBlock = block != null
        && processingEnv.getTypeUtils().isSubtype(owner.asType(), processingEnv.getTypeUtils().erasure(block.asType()));
    return isBlock ? " (if it has @Module, import dev.strata.dsl.Module explicitly: java.lang.Module hides it)" : "";
  }

  private static String kindName(Element element) {
    return element.getKind().name().toLowerCase().replace('_', ' ');
  }

  private void error(Element element, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
  }
}
