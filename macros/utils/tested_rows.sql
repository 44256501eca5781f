{#- Which rows a data test reads. dbt calls this for the model of every
    generic test (its `where` config goes through here); this project's
    version adds one thing: with var `data_tests_scope: this_build` (what
    `make build` passes to an incremental build, docs/decisions.md, "Daily
    runs"), a test of a model whose YAML names the rows a build writes
    (meta `written_this_build`) reads only what those rows can make fail:
    - row by row tests (not_null, accepted_values, accepted_range,
      relationships, expression_is_true): the latest build's rows (this
      build's, when it wrote any);
    - unique: every row of a key those rows hold;
    - unique_combination_of_columns: every row whose first column holds one
      of those rows' values, or is null; when those rows are a large share
      of a table (wrote_a_large_share), every row whose whole combination
      one of them holds (a join on every column), and every row with a null
      in it (a null equals no value in the join, but it does in the test's
      group by).
    Every other test, every other model, and every build with the default
    scope (`all`) read the whole model, as dbt does. Active when this is the
    root project (dbt looks for its own macros' overrides there). -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set scoped = loyalty.rows_a_test_can_fail_on(relation) -%}
    {%- if scoped -%}
        {%- set relation = '(' ~ scoped ~ ') as tested_rows' -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- elif scoped -%}
        {%- do return('(select * from ' ~ relation ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- The query of the rows of `relation` a test of this build reads under
    `data_tests_scope: this_build` (see above), or '' for all of them.
    meta `written_this_build` on the model: `{column: <its timestamp column
    set to the build's start by the rows it writes>}` (a staging view passes
    its base model's column through, so the filter reaches the table scan). -#}
{% macro rows_a_test_can_fail_on(relation) -%}
    {%- set scope = var('data_tests_scope') -%}
    {%- if scope not in ['all', 'this_build'] -%}
        {{ exceptions.raise_compiler_error("data_tests_scope must be all or this_build, got '" ~ scope ~ "'") }}
    {%- endif -%}
    {%- if scope == 'all' or not execute or not model.get('attached_node') -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.attached_node) -%}
    {%- set written = (tested.config.meta or {}).get('written_this_build') if tested else none -%}
    {%- set test = model.get('test_metadata') or {} -%}
    {%- set kind = test.get('name') -%}
    {%- if not written or kind not in loyalty.row_by_row_tests() + ['unique', 'unique_combination_of_columns'] -%}
        {%- do return('') -%}
    {%- endif -%}
    {#- The latest build's rows: this build's, or the last build's when this
        one wrote none (or for `dbt test` on its own). -#}
    {%- set rows_written = 'select * from ' ~ relation ~ ' where ' ~ written.column
        ~ ' = (select max(' ~ written.column ~ ') from ' ~ relation ~ ')' -%}
    {%- set key_source = '(' ~ rows_written ~ ')' -%}
    {%- if kind == 'unique' -%}
        {%- set column = test.kwargs.column_name -%}
        {%- do return('select * from ' ~ relation ~ ' where ' ~ column ~ ' in (select ' ~ column ~ ' from ' ~ key_source ~ ' as written)') -%}
    {%- elif kind == 'unique_combination_of_columns' and loyalty.wrote_a_large_share(relation, written.column, tested) -%}
        {%- set columns = test.kwargs.combination -%}
        {%- set matches = [] -%}
        {%- for column in columns -%}
            {%- do matches.append('tested.' ~ column ~ ' = written_keys.' ~ column) -%}
        {%- endfor -%}
        {%- do return('select tested.* from ' ~ relation ~ ' as tested inner join (select distinct '
            ~ columns | join(', ') ~ ' from ' ~ key_source ~ ' as written) as written_keys on '
            ~ matches | join(' and ') ~ ' union all select * from ' ~ relation ~ ' where '
            ~ columns | join(' is null or ') ~ ' is null') -%}
    {%- elif kind == 'unique_combination_of_columns' -%}
        {%- set column = test.kwargs.combination[0] -%}
        {%- do return('select * from ' ~ relation ~ ' where ' ~ column ~ ' in (select ' ~ column ~ ' from ' ~ key_source
            ~ ' as written) or ' ~ column ~ ' is null') -%}
    {%- endif -%}
    {%- do return(rows_written) -%}
{%- endmacro %}

{#- Whether the latest build wrote at least a tenth of a table's rows: then
    the values of a combination's first column those rows hold (a customer
    id) are nearly every value, and the test reads nearly every row through
    them, while a join on the whole combination reads only the rows that
    share one with them (the status per period on a day that moves
    as_of_date). When a build writes a few customers' rows, the semi-join on
    one column is the cheaper (docs/decisions.md, "An incremental build
    tests the rows it wrote"). Views (a staged model's rows) are not
    counted: counting them would compute them. -#}
{% macro wrote_a_large_share(relation, column, tested) -%}
    {%- if tested.config.materialized == 'view' -%}
        {%- do return(false) -%}
    {%- endif -%}
    {%- set counts = run_query('select count(*) filter (where ' ~ column ~ ' = (select max(' ~ column ~ ') from '
        ~ relation ~ ')), count(*) from ' ~ relation).rows[0] -%}
    {%- do return(counts[0] * 10 >= counts[1] and counts[0] > 0) -%}
{%- endmacro %}

{% macro row_by_row_tests() -%}
    {%- do return(['not_null', 'accepted_values', 'accepted_range', 'relationships', 'expression_is_true']) -%}
{%- endmacro %}

{#- The relation of a model of this project, by name, from the graph: a
    test may read it without depending on it. -#}
{% macro model_relation(name) -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == name -%}
        {%- do return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("model_relation: no model named '" ~ name ~ "'") }}
{%- endmacro %}
