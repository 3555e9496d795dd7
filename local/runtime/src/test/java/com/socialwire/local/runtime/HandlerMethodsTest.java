package com.socialwire.local.runtime;

import com.socialwire.local.stores.Template;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Lambda runtime interface client finds a function's handler method by reflection ({@code Class#getMethod}) and
 * calls it through {@code Method#invoke} from its own package: a method declared in a type that is not public (a
 * package-private base class or interface) cannot be called so, and the function fails every invocation with
 * {@code IllegalAccessException} while the local runtime, which calls handlers through their interface, works.
 */
class HandlerMethodsTest {

    @Test
    void everyHandlerMethodIsDeclaredInAPublicTypeSoTheLambdaRuntimeCanCallIt() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Template.FunctionDef fn : Template.load(Template.locate()).functions()) {
            Class<?> handler = Class.forName(fn.handlerClass());
            Method found = null;
            for (Method m : handler.getMethods()) {
                if (m.getName().equals(fn.handlerMethod()) && !m.isBridge() && m.getParameterCount() >= 2) {
                    found = m;
                }
            }
            if (found == null) {
                problems.add(fn.logicalId() + ": no public " + fn.handlerMethod() + " on " + handler.getName());
            } else if (!Modifier.isPublic(found.getDeclaringClass().getModifiers()) || !Modifier.isPublic(handler.getModifiers())) {
                problems.add(fn.logicalId() + ": " + fn.handlerMethod() + " is declared in " + found.getDeclaringClass().getName()
                        + ", which is not public");
            }
        }
        assertEquals(List.of(), problems);
    }
}
