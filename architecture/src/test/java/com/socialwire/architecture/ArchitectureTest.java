package com.socialwire.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which module may use which, checked over every production class of shared and the function modules (the test
 * classpath of this module holds them all; test classes are left out).
 *
 * <ul>
 *   <li>A bounded context is a module under {@code functions/} with the package {@code com.socialwire.<context>}; it
 *       uses only itself and shared, never another context (what two contexts share goes to shared; a context reads
 *       another's rows only through a reader in shared).</li>
 *   <li>shared uses no context.</li>
 *   <li>A handler (a class in a {@code ..handler..} package, or any Lambda entry point) does not touch the AWS SDK: it
 *       parses the event, calls a service and maps the result; clients are built by the module's wiring and used by
 *       stores.</li>
 * </ul>
 * {@link ArchitectureRulesCanFailTest} shows each rule failing on a small fixture that breaks it.
 */
@AnalyzeClasses(packages = "com.socialwire", importOptions = ImportOption.DoNotIncludeTests.class)
public class ArchitectureTest {

    /** Packages under {@code com.socialwire} that are not contexts. */
    static final Set<String> NOT_CONTEXTS = Set.of("shared", "local", "bench", "architecture");

    /** The context a class belongs to ({@code com.socialwire.<context>..}), or {@code null}. */
    static String contextOf(JavaClass c) {
        String p = c.getPackageName();
        if (!p.startsWith("com.socialwire.")) {
            return null;
        }
        String rest = p.substring("com.socialwire.".length());
        String first = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        return first.isEmpty() || NOT_CONTEXTS.contains(first) ? null : first;
    }

    static final SliceAssignment CONTEXTS = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String context = contextOf(c);
            return context == null ? SliceIdentifier.ignore() : SliceIdentifier.of(context);
        }

        @Override
        public String getDescription() {
            return "bounded contexts (com.socialwire.<context>.., every package but shared and local)";
        }
    };

    static final DescribedPredicate<JavaClass> IN_A_CONTEXT =
            DescribedPredicate.describe("are in a bounded context", c -> contextOf(c) != null);

    static final DescribedPredicate<JavaClass> HANDLERS = DescribedPredicate.describe(
            "are handlers (in a ..handler.. package or Lambda entry points)",
            c -> c.getPackageName().startsWith("com.socialwire.")
                    && (c.getPackageName().contains(".handler")
                    || c.isAssignableTo(RequestHandler.class) || c.isAssignableTo(RequestStreamHandler.class)));

    /** The rules below see every context's classes and shared's (a rule over no classes would prove nothing). */
    @ArchTest
    static void seesEveryModule(JavaClasses classes) {
        Set<String> contexts = new TreeSet<>();
        classes.forEach(c -> {
            String context = contextOf(c);
            if (context != null) {
                contexts.add(context);
            }
        });
        assertEquals(new TreeSet<>(Set.of("accounts", "billing", "engagement", "media", "posts", "system", "tenants")),
                contexts);
        assertTrue(classes.containPackage("com.socialwire.shared.http"));
    }

    @ArchTest
    static final ArchRule contextsDoNotUseEachOther = slices().assignedFrom(CONTEXTS)
            .should().notDependOnEachOther()
            .because("a context uses only itself and shared; what two contexts share lives in shared");

    @ArchTest
    static final ArchRule sharedUsesNoContext = noClasses().that().resideInAPackage("com.socialwire.shared..")
            .should().dependOnClassesThat(IN_A_CONTEXT)
            .because("shared holds only what contexts share and knows none of them");

    @ArchTest
    static final ArchRule handlersDoNotTouchTheAwsSdk = noClasses().that(HANDLERS)
            .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
            .because("a handler parses the event, calls a service and maps the result; SDK clients belong to the "
                    + "module's wiring and its stores");
}
