{#- Maximum likelihood by Levenberg-Marquardt, unrolled into CTEs so that it
    runs as plain SELECTs on any engine (no loops, recursion or Python):
    docs/decisions.md, "The lifetime-value fit in SQL". -#}
{% macro maximum_likelihood(prefix, rows, parameters, start, terms, log_likelihood, gradient, hessian,
                            iterations=30, bound=12.0) -%}
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
    {{ prefix }}_0 as (
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
    ),
    {%- for k in range(1, iterations + 1) %}
        {%- set at_proposal -%}
            select
                observations.*,
                {%- for column in state %}
                previous.{{ column }},
                {%- endfor %}
                {%- for name in parameters %}
                exp(previous.proposal_{{ loop.index }}) as {{ name }}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ rows }} as observations
            cross join {{ prefix }}_{{ k - 1 }} as previous
        {%- endset -%}
        {#- A loop cannot reassign a variable outside it: a namespace can. -#}
        {%- set query = namespace(sql=at_proposal) -%}
        {%- for layer in terms -%}
            {%- set columns = [] -%}
            {%- for name, expression in layer -%}{%- do columns.append(expression ~ ' as ' ~ name) -%}{%- endfor -%}
            {%- set query.sql = 'select layer.*, ' ~ (columns | join(', ')) ~ ' from (' ~ query.sql ~ fence ~ ') as layer' -%}
        {%- endfor -%}
        {%- set evaluated -%}
            select
                sum(at_proposal.weight * ({{ log_likelihood }})) / sum(at_proposal.weight) as ll_new,
                {%- for i in indices %}
                sum(at_proposal.weight * ({{ gradient[i - 1] }}) * {{ parameters[i - 1] }})
                / sum(at_proposal.weight) as g_new_{{ i }},
                {%- endfor %}
                {%- for i, j in pairs %}
                {#- The Hessian in theta: p_i p_j H_ij, plus p_i g_i on the diagonal. #}
                sum(at_proposal.weight * (
                    {{ parameters[i - 1] }} * {{ parameters[j - 1] }} * ({{ hessian[i - 1][j - 1] }})
                    {%- if i == j %} + {{ parameters[i - 1] }} * ({{ gradient[i - 1] }}){% endif %}
                )) / sum(at_proposal.weight) as h_new_{{ i }}_{{ j }},
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

    {{ prefix }}_{{ k }} as {{ loyalty.materialized_cte() }} (
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
        from {{ prefix }}_{{ iterations }} as fitted
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
