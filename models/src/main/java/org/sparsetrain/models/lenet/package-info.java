/** Model family lenet: config record and module (see the classes). Depends on engine.nn and engine.ops. */
package org.sparsetrain.models.lenet;
