package com.socialwire.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tngtech.archunit.base.DescribedPredicate;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.jobs.SqsBatch;
import com.socialwire.shared.store.Table;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
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
 *   <li>A handler does not build what it calls: it takes its services and gate from its module's wiring class
 *       ({@code Posts}, {@code Accounts}, {@code Social}, {@code SystemWiring}...), so it constructs none of our classes but the HTTP
 *       and batch plumbing ({@code shared.http}, {@link SqsBatch}) and its own nested ones, and never holds the
 *       wiring's raw materials ({@link Config}, {@link AwsClients}, {@link Table}).</li>
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
        assertEquals(new TreeSet<>(Set.of("accounts", "billing", "engagement", "media", "posts", "reads", "reports", "social", "system", "tenants")),
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

    /** The class a nested, local or anonymous class is declared in, or the class itself. */
    private static String topLevelName(JavaClass c) {
        String name = c.getName();
        return name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
    }

    static final DescribedPredicate<JavaConstructorCall> BUILDS_A_DEPENDENCY = DescribedPredicate.describe(
            "build one of our classes other than HTTP and batch plumbing (shared.http, SqsBatch) or their own nested ones",
            call -> {
                JavaClass target = call.getTargetOwner();
                return target.getPackageName().startsWith("com.socialwire.")
                        && !target.getPackageName().startsWith("com.socialwire.shared.http")
                        && !target.isEquivalentTo(SqsBatch.class)
                        && !topLevelName(target).equals(topLevelName(call.getOriginOwner()));
            });

    @ArchTest
    static final ArchRule handlersDoNotBuildTheirDependencies = noClasses().that(HANDLERS)
            .should().callConstructorWhere(BUILDS_A_DEPENDENCY)
            .orShould().dependOnClassesThat().belongToAnyOf(Config.class, AwsClients.class, Table.class)
            .because("a handler takes its services and gate from its module's wiring class and only routes; the wiring "
                    + "reads config once per container and builds each client on first use");
}
