{#- Maximum likelihood by Levenberg-Marquardt, unrolled into CTEs so that it
    runs as plain SELECTs on any engine (no loops, recursion or Python), or
    on Spark as one query per step: docs/decisions.md, "The lifetime-value
    fit in SQL". -#}
{% macro maximum_likelihood(prefix, rows, order_by, parameters, start, terms, log_likelihood, gradient, hessian,
                            bound, iterations=30) -%}
    {%- set n = parameters | length -%}
    {%- set indices = range(1, n + 1) | list -%}
    {%- set pairs = [] -%}
    {%- for i in indices -%}{%- for j in indices if j >= i -%}{%- do pairs.append((i, j)) -%}{%- endfor -%}{%- endfor -%}
    {%- set state = ['ll', 'mu'] -%}
    {%- for i in indices -%}{%- do state.extend(['theta_' ~ i, 'proposal_' ~ i, 'g_' ~ i]) -%}{%- endfor -%}
    {%- for i, j in pairs -%}{%- do state.append('h_' ~ i ~ '_' ~ j) -%}{%- endfor -%}
    {#- (mu I - H) d = g by Cramer's rule, the determinants written out by
        Laplace expansion: three flat layers per step, where a factorisation
        would nest one subquery per entry (Spark's analyser slows down with
        depth). A symmetric matrix is positive definite when its leading
        principal minors are all positive. -#}
    {%- set entry = {} -%}
    {%- for i in indices -%}{%- for j in indices -%}
        {%- do entry.update({(i, j): 's.a_' ~ ([i, j] | min) ~ '_' ~ ([i, j] | max)}) -%}
    {%- endfor -%}{%- endfor -%}
    {%- set matrix = [] -%}
    {%- for i, j in pairs -%}
        {%- do matrix.append(('a_' ~ i ~ '_' ~ j, ('s.mu - ' if i == j else '-') ~ 's.h_' ~ i ~ '_' ~ j)) -%}
    {%- endfor -%}
    {%- set minors = [] -%}
    {%- for k in indices -%}
        {%- do minors.append(('minor_' ~ k, loyalty.determinant(entry, range(1, k + 1) | list, range(1, k + 1) | list))) -%}
    {%- endfor -%}
    {%- for i in indices -%}{%- for j in indices -%}
        {#- Cofactor (j, i) of the transpose is cofactor (i, j): the matrix is symmetric. -#}
        {%- set rows = indices | reject('equalto', j) | list -%}
        {%- set cols = indices | reject('equalto', i) | list -%}
        {%- set sign = '' if (i + j) % 2 == 0 else '-' -%}
        {%- do minors.append(('cofactor_' ~ i ~ '_' ~ j, sign ~ '(' ~ (loyalty.determinant(entry, rows, cols) if n > 1 else '1.0') ~ ')')) -%}
    {%- endfor -%}{%- endfor -%}
    {%- set solution = [] -%}
    {%- for i in indices -%}
        {%- set products = [] -%}
        {%- for j in indices -%}{%- do products.append('s.cofactor_' ~ i ~ '_' ~ j ~ ' * s.g_' ~ j) -%}{%- endfor -%}
        {%- do solution.append(('step_' ~ i, '(' ~ (products | join(' + ')) ~ ') / nullif(s.minor_' ~ n ~ ', 0)')) -%}
    {%- endfor -%}
    {%- set solve = [matrix, minors, solution] -%}
    {%- set positive = [] -%}
    {%- set finite = ['evaluated.ll_new > evaluated.ll', 'evaluated.ll_new < 1e300'] -%}
    {%- for i in indices -%}
        {%- do positive.append('s.minor_' ~ i ~ ' > 0') -%}
        {%- do finite.append('abs(evaluated.g_new_' ~ i ~ ') < 1e300') -%}
    {%- endfor -%}
    {#- NaN compares greater than every number on DuckDB, PostgreSQL and
        Spark, so "< 1e300" also rejects it. -#}
    {%- set accepted = '(' ~ (finite | join(' and ')) ~ ')' -%}
    {%- set fence = loyalty.subquery_fence() -%}
    {%- set qualified = [] -%}
    {%- for column in order_by -%}{%- do qualified.append('at_proposal.' ~ column) -%}{%- endfor -%}
    {%- set ordering = qualified | join(', ') -%}
    {#- Step 0: the starting point. -#}
    {%- set start_sql -%}
        select
            -1e300 as ll,
            0.001 as mu,
            {%- for i in indices %}
            ln({{ start[i - 1] }}) as theta_{{ i }},
            ln({{ start[i - 1] }}) as proposal_{{ i }},
            0.0 as g_{{ i }},
            {%- endfor %}
            {%- for i, j in pairs %}
            0.0 as h_{{ i }}_{{ j }}{{ ',' if not loop.last }}
            {%- endfor %}
    {%- endset -%}
    {#- Where each step reads the previous one: a CTE, or (steps run one by
        one) the previous step's values as literals. -#}
    {%- set separately = execute and loyalty.solver_runs_steps_separately() -%}
    {%- set chain = namespace(ctes=[(prefix ~ '_rows', rows)], previous=none) -%}
    {%- if separately -%}
        {%- set chain.previous = loyalty.state_literals(start_sql, state) -%}
    {%- else -%}
        {%- do chain.ctes.append((prefix ~ '_0', start_sql)) -%}
        {%- set chain.previous = prefix ~ '_0' -%}
    {%- endif -%}
    {%- set rows_relation = loyalty.solver_rows(this.identifier ~ '__' ~ prefix ~ '_rows', rows) if separately
        else (prefix ~ '_rows') -%}
    {#- Each row's weighted contributions, then their sums in the order
        of `order_by` (the same fit at any thread count). -#}
    {%- set contributions = [('contribution_ll', 'weight * (' ~ log_likelihood ~ ')')] -%}
    {%- for i in indices -%}
        {%- do contributions.append(('contribution_g_' ~ i,
            'weight * (' ~ gradient[i - 1] ~ ') * ' ~ parameters[i - 1])) -%}
    {%- endfor -%}
    {%- for i, j in pairs -%}
        {#- The Hessian in theta: p_i p_j H_ij, plus p_i g_i on the diagonal. -#}
        {%- do contributions.append(('contribution_h_' ~ i ~ '_' ~ j,
            'weight * (' ~ parameters[i - 1] ~ ' * ' ~ parameters[j - 1] ~ ' * (' ~ hessian[i - 1][j - 1] ~ ')'
            ~ ((' + ' ~ parameters[i - 1] ~ ' * (' ~ gradient[i - 1] ~ ')') if i == j else '') ~ ')')) -%}
    {%- endfor -%}
    {#- One step's SQL is the same at every iteration but for the state it
        reads: rendered once, with a placeholder for that state (rendering it
        per step cost Spark, whose steps run one by one, a second each). -#}
    {%- set previous_state = '__loyalty_previous_state__' -%}
    {%- set at_proposal -%}
        select
            observations.*,
            {%- for column in state %}
            previous.{{ column }},
            {%- endfor %}
            {%- for name in parameters %}
            exp(previous.proposal_{{ loop.index }}) as {{ name }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ rows_relation }} as observations
        cross join {{ previous_state }} as previous
    {%- endset -%}
    {#- A loop cannot reassign a variable outside it: a namespace can. -#}
    {%- set query = namespace(sql=at_proposal) -%}
    {%- for layer in terms + [contributions] -%}
        {%- set columns = [] -%}
        {%- for name, expression in layer -%}{%- do columns.append(expression ~ ' as ' ~ name) -%}{%- endfor -%}
        {%- set query.sql = 'select layer.*, ' ~ (columns | join(', ')) ~ ' from (' ~ query.sql ~ fence ~ ') as layer' -%}
    {%- endfor -%}
    {%- set evaluated -%}
        select
            {{ loyalty.deterministic_sum('at_proposal.contribution_ll', ordering) }} / sum(at_proposal.weight) as ll_new,
            {%- for i in indices %}
            {{ loyalty.deterministic_sum('at_proposal.contribution_g_' ~ i, ordering) }} / sum(at_proposal.weight) as g_new_{{ i }},
            {%- endfor %}
            {%- for i, j in pairs %}
            {{ loyalty.deterministic_sum('at_proposal.contribution_h_' ~ i ~ '_' ~ j, ordering) }} / sum(at_proposal.weight)
            as h_new_{{ i }}_{{ j }},
            {%- endfor %}
            {%- for column in state %}
            max(at_proposal.{{ column }}) as {{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from ({{ query.sql }}{{ fence }}) as at_proposal
    {%- endset -%}
    {%- set stepped -%}
        select
            case when evaluated.is_accepted then evaluated.ll_new else evaluated.ll end as ll,
            case when evaluated.is_accepted then evaluated.mu / 10.0 else evaluated.mu * 10.0 end as mu,
            {%- for i in indices %}
            case when evaluated.is_accepted then evaluated.proposal_{{ i }} else evaluated.theta_{{ i }} end as theta_{{ i }},
            case when evaluated.is_accepted then evaluated.g_new_{{ i }} else evaluated.g_{{ i }} end as g_{{ i }},
            {%- endfor %}
            {%- for i, j in pairs %}
            case when evaluated.is_accepted then evaluated.h_new_{{ i }}_{{ j }} else evaluated.h_{{ i }}_{{ j }} end
            as h_{{ i }}_{{ j }}{{ ',' if not loop.last }}
            {%- endfor %}
        from (select evaluated.*, {{ accepted }} as is_accepted from ({{ evaluated }}{{ fence }}) as evaluated{{ fence }}) as evaluated
    {%- endset -%}
    {%- set query.sql = stepped -%}
    {%- for layer in solve -%}
        {%- set columns = [] -%}
        {%- for name, expression in layer -%}{%- do columns.append(expression ~ ' as ' ~ name) -%}{%- endfor -%}
        {%- set query.sql = 'select s.*, ' ~ (columns | join(', ')) ~ ' from (' ~ query.sql ~ fence ~ ') as s' -%}
    {%- endfor %}

    {%- set step_sql -%}
    select
        s.ll,
        s.mu,
        {%- for i in indices %}
        s.theta_{{ i }},
        s.g_{{ i }},
        case
            when {{ positive | join(' and ') }}
                then least(greatest(s.theta_{{ i }} + s.step_{{ i }}, -{{ bound }}), {{ bound }})
            else s.theta_{{ i }}
        end as proposal_{{ i }},
        {%- endfor %}
        {%- for i, j in pairs %}
        s.h_{{ i }}_{{ j }}{{ ',' if not loop.last }}
        {%- endfor %}
    from ({{ query.sql }}{{ fence }}) as s
    {%- endset -%}
    {%- for k in range(1, iterations + 1) %}
        {%- if separately -%}
            {%- set chain.previous = loyalty.state_literals(step_sql.replace(previous_state, chain.previous), state) -%}
        {%- else -%}
            {%- do chain.ctes.append((prefix ~ '_' ~ k, step_sql.replace(previous_state, chain.previous))) -%}
            {%- set chain.previous = prefix ~ '_' ~ k -%}
        {%- endif -%}
    {%- endfor %}
    {%- if separately -%}{%- do loyalty.release_solver_rows(rows_relation) -%}{%- endif -%}
    {%- for name, sql in chain.ctes %}

    {{ name }} as {{ loyalty.materialized_cte() }} (
        {{ sql }}
    ),
    {%- endfor %}

    {{ prefix }}_fit as (
        select
            fitted.ll as log_likelihood,
            {%- for name in parameters %}
            fitted.theta_{{ loop.index }} as log_{{ name }},
            {%- endfor %}
            {{ 'greatest(' if n > 1 }}
            {%- for i in indices %}abs(fitted.g_{{ i }}){{ ', ' if not loop.last }}{% endfor %}
            {{- ')' if n > 1 }} as max_abs_gradient
        from {{ chain.previous }} as fitted
    )
{%- endmacro %}


{#- The determinant of the square submatrix (rows x cols) of `entry`, a dict
    from (row, column) to a SQL expression, by Laplace expansion along the
    first row: n! products, fine for the four parameters of BG/NBD. -#}
{% macro determinant(entry, rows, cols) -%}
    {%- if rows | length == 1 -%}
        {{ entry[(rows[0], cols[0])] }}
    {%- else -%}
        {%- set terms = [] -%}
        {%- for c in cols -%}
            {%- set rest = cols | reject('equalto', c) | list -%}
            {%- do terms.append(('- ' if loop.index0 % 2 else '+ ') ~ entry[(rows[0], c)] ~ ' * ('
                ~ loyalty.determinant(entry, rows[1:], rest) ~ ')') -%}
        {%- endfor -%}
        ({{ terms | join(' ') }})
    {%- endif -%}
{%- endmacro %}


{#- Whether maximum_likelihood runs each step as its own query, carrying
    the one-row state from step to step as literals, instead of chaining
    the steps as CTEs of one query. Spark: the chained plan is hundreds of
    subqueries deep, which its analyser took minutes over and then
    overflowed its stack on (docs/decisions.md). -#}
{% macro solver_runs_steps_separately() -%}
    {{ return(adapter.dispatch('solver_runs_steps_separately', 'loyalty')()) }}
{%- endmacro %}

{% macro default__solver_runs_steps_separately() -%}
    {{ return(false) }}
{%- endmacro %}

{% macro spark__solver_runs_steps_separately() -%}
    {{ return(true) }}
{%- endmacro %}

{#- The observations of a solver whose steps run one by one, as a relation
    every step reads: computed once and kept in memory (Spark: a cached
    temporary view), not once per step. Released by release_solver_rows. -#}
{% macro solver_rows(name, rows) -%}
    {{ return(adapter.dispatch('solver_rows', 'loyalty')(name, rows)) }}
{%- endmacro %}

{% macro default__solver_rows(name, rows) -%}
    {{ return('(' ~ rows ~ ')') }}
{%- endmacro %}

{#- A view left by a build that was stopped mid-fit is replaced. -#}
{% macro spark__solver_rows(name, rows) -%}
    {%- do run_query('drop view if exists ' ~ name) -%}
    {%- do run_query('cache table ' ~ name ~ ' as ' ~ rows) -%}
    {{ return(name) }}
{%- endmacro %}

{% macro release_solver_rows(relation) -%}
    {{ return(adapter.dispatch('release_solver_rows', 'loyalty')(relation)) }}
{%- endmacro %}

{% macro default__release_solver_rows(relation) -%}
{%- endmacro %}

{% macro spark__release_solver_rows(relation) -%}
    {%- do run_query('uncache table if exists ' ~ relation) -%}
    {%- do run_query('drop view if exists ' ~ relation) -%}
{%- endmacro %}

{#- Runs `sql` (one row) and returns that row as a subquery of literals,
    `columns` only. The values travel as text, which every engine writes
    with enough digits to read back the same double. -#}
{% macro state_literals(sql, columns) %}
    {%- set texts = [] -%}
    {%- for column in columns -%}
        {%- do texts.append('cast(step.' ~ column ~ ' as ' ~ dbt.type_string() ~ ') as ' ~ column) -%}
    {%- endfor -%}
    {%- set result = run_query('select ' ~ (texts | join(', ')) ~ ' from (' ~ sql ~ ') as step') -%}
    {%- if result.rows | length != 1 -%}
        {{ exceptions.raise_compiler_error('maximum_likelihood: a step returned ' ~ (result.rows | length) ~ ' rows, not 1') }}
    {%- endif -%}
    {%- set literals = [] -%}
    {%- for column in columns -%}
        {%- set value = result.rows[0][loop.index0] -%}
        {%- do literals.append(('cast(null as ' ~ loyalty.type_double() ~ ')' if value is none
            else "cast('" ~ value ~ "' as " ~ loyalty.type_double() ~ ")") ~ ' as ' ~ column) -%}
    {%- endfor -%}
    {{ return('(select ' ~ (literals | join(', ')) ~ ')') }}
{% endmacro %}
