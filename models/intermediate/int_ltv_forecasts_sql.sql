{#- int_ltv_forecasts in SQL, for engines without dbt Python models: the
    forecasts of docs/metrics.md (lifetime value) under the parameters of
    int_ltv_fit, for every distinct purchase-day summary.

    BG/NBD's expected purchases of a customer still alive need the Gauss
    hypergeometric function 2F1(r + x, b + x; a + b + x - 1; z) at
    z = t / (alpha + T + t) < 1, summed here as its power series: term n + 1
    is term n times (r + x + n)(b + x + n) z / ((a + b + x - 1 + n)(n + 1)),
    so a term is the exp of a running sum of log ratios. The ratios grow
    towards z (1 + (r + x - a) / n), so beyond twice their peak they are
    below (1 + z) / 2, and the series stops when that geometric tail is below
    1e-17 of the sum. -#}
{{ config(enabled=loyalty.using('ltv') and (target.type != 'duckdb' or var('loyalty_macro_tests', false))) }}
{%- set steps = model.config.ltv_fit_rules['horizon_steps'] -%}
{%- set guarded_exp = 'case when {0} < -700 then 0.0 else exp({0}) end' -%}
{#- A series term's window: the terms before it. -#}
{%- set earlier = 'partition by series_ratios.frequency, series_ratios.age_days, series_ratios.step'
    ~ ' order by series_ratios.n rows between unbounded preceding and 1 preceding' -%}
with

summaries as (
    select * from {{ ref('int_ltv_summaries') }}
),

fit as (
    select * from {{ ref('int_ltv_fit') }}
),

horizon_steps as (
    {%- for step in range(1, steps + 1) %}
    select
        {{ step }} as step,
        {{ var('ltv_horizon_days') }} * {{ step }} / {{ steps }}.0 as horizon_days,
        1.0 / power(1.0 + {{ var('ltv_discount_rate_annual') }}, {{ step }} / {{ steps }}.0) as discount
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

pairs as (
    {#- The hypergeometric part depends on (x, T) only: once per pair and step. -#}
    select distinct
        summaries.frequency,
        summaries.age_days
    from summaries
),

pair_steps as (
    select
        pairs.frequency,
        pairs.age_days,
        horizon_steps.step,
        horizon_steps.horizon_days,
        fit.bgnbd_r + pairs.frequency as upper_1,
        fit.bgnbd_b + pairs.frequency as upper_2,
        fit.bgnbd_a + fit.bgnbd_b + pairs.frequency - 1 as lower,
        horizon_steps.horizon_days / (fit.bgnbd_alpha + pairs.age_days + horizon_steps.horizon_days) as z,
        greatest(fit.bgnbd_r + pairs.frequency - fit.bgnbd_a, 0.0) as growth
    from pairs
    cross join horizon_steps
    cross join fit
    where fit.purchase_model = 'bg/nbd'
),

series_lengths as (
    select
        pair_steps.*,
        cast(least(
            ceil(2.0 * pair_steps.z * pair_steps.growth / (1.0 - pair_steps.z))
            + ceil(ln(1e-17 * (1.0 - pair_steps.z) / 2.0) / ln((1.0 + pair_steps.z) / 2.0)) + 1,
            100000
        ) as integer) as terms
    from pair_steps
),

series_ratios as (
    select
        series_lengths.frequency,
        series_lengths.age_days,
        series_lengths.step,
        series.n,
        (series_lengths.upper_1 + series.n) * (series_lengths.upper_2 + series.n) * series_lengths.z
        / nullif((series_lengths.lower + series.n) * (series.n + 1), 0) as ratio
    from series_lengths
    {{ loyalty.series_join('series_lengths.terms', 'series', 'n') }}
),

series_terms as (
    select
        series_ratios.frequency,
        series_ratios.age_days,
        series_ratios.step,
        series_ratios.n,
        coalesce({{ loyalty.deterministic_window_sum('ln(abs(series_ratios.ratio))', earlier) }}, 0.0) as log_term,
        coalesce(sum(case when series_ratios.ratio < 0 then 1 else 0 end) over ({{ earlier }}), 0) as negative_ratios
    from series_ratios
),

hypergeometric as (
    select
        series_terms.frequency,
        series_terms.age_days,
        series_terms.step,
        {{ loyalty.deterministic_sum('(1 - 2 * (series_terms.negative_ratios % 2)) * '
            ~ guarded_exp.format('series_terms.log_term'), 'series_terms.n') }} as series_sum
    from series_terms
    group by series_terms.frequency, series_terms.age_days, series_terms.step
),

if_alive as (
    {#- Expected purchases in (T, T + t] of a customer still alive. -#}
    select
        pair_steps.frequency,
        pair_steps.age_days,
        pair_steps.step,
        (fit.bgnbd_a + fit.bgnbd_b + pair_steps.frequency - 1) / (fit.bgnbd_a - 1)
        * (
            1.0
            - {{ guarded_exp.format('(fit.bgnbd_r + pair_steps.frequency) * (ln(fit.bgnbd_alpha + pair_steps.age_days)'
                ~ ' - ln(fit.bgnbd_alpha + pair_steps.age_days + pair_steps.horizon_days))') }}
            * hypergeometric.series_sum
        ) as purchases
    from pair_steps
    inner join hypergeometric
        on
            pair_steps.frequency = hypergeometric.frequency
            and pair_steps.age_days = hypergeometric.age_days
            and pair_steps.step = hypergeometric.step
    cross join fit
),

alive as (
    select
        summaries.frequency,
        summaries.recency_days,
        summaries.age_days,
        case
            when fit.purchase_model = 'nbd' or summaries.frequency = 0 then 1.0
            else 1.0 / (1.0 + {{ guarded_exp.format(
                'least(ln(fit.bgnbd_a) - ln(fit.bgnbd_b + summaries.frequency - 1)'
                ~ ' + (fit.bgnbd_r + summaries.frequency)'
                ~ ' * (ln(fit.bgnbd_alpha + summaries.age_days) - ln(fit.bgnbd_alpha + summaries.recency_days)), 700)') }})
        end as p_alive
    from summaries
    cross join fit
    where fit.purchase_model is not null
),

cumulative as (
    select
        alive.frequency,
        alive.recency_days,
        alive.age_days,
        alive.p_alive,
        horizon_steps.step,
        horizon_steps.discount,
        case
            when fit.purchase_model = 'nbd'
                then (fit.bgnbd_r + alive.frequency) / (fit.bgnbd_alpha + alive.age_days) * horizon_steps.horizon_days
            else if_alive.purchases * alive.p_alive
        end as purchases
    from alive
    cross join horizon_steps
    cross join fit
    left join if_alive
        on
            alive.frequency = if_alive.frequency
            and alive.age_days = if_alive.age_days
            and horizon_steps.step = if_alive.step
),

increments as (
    select
        cumulative.*,
        cumulative.purchases - coalesce(lag(cumulative.purchases) over (
            partition by cumulative.frequency, cumulative.recency_days, cumulative.age_days
            order by cumulative.step
        ), 0.0) as purchases_in_step
    from cumulative
),

forecasts as (
    select
        increments.frequency,
        increments.recency_days,
        increments.age_days,
        max(increments.p_alive) as p_alive,
        max(case when increments.step = {{ steps }} then increments.purchases end) as expected_purchases,
        {{ loyalty.deterministic_sum('increments.purchases_in_step * increments.discount', 'increments.step') }} as discounted_purchases
    from increments
    group by increments.frequency, increments.recency_days, increments.age_days
),

checked as (
    {#- Forecasts that are not finite or out of range void the fit, as in
        int_ltv_forecasts (NaN compares greater than every number). -#}
    select
        min(
            case
                when
                    forecasts.p_alive >= 0 and forecasts.p_alive <= 1
                    and forecasts.expected_purchases >= 0 and forecasts.expected_purchases < 1e300
                    and forecasts.discounted_purchases > -1e300 and forecasts.discounted_purchases < 1e300
                    then 1
                else 0
            end
        ) as is_usable
    from forecasts
),

final as (
    select
        summaries.frequency,
        summaries.recency_days,
        summaries.age_days,
        summaries.customers,
        {%- for column in ['p_alive', 'expected_purchases', 'discounted_purchases'] %}
        cast(case when checked.is_usable = 1 then forecasts.{{ column }} end as {{ loyalty.type_double() }}) as {{ column }},
        {%- endfor %}
        {%- for column in ['bgnbd_r', 'bgnbd_alpha', 'bgnbd_a', 'bgnbd_b', 'gg_p', 'gg_q', 'gg_gamma'] %}
        cast(case when checked.is_usable = 1 then fit.{{ column }} end as {{ loyalty.type_double() }}) as {{ column }},
        {%- endfor %}
        case
            when fit.purchase_model is null or checked.is_usable = 1 then fit.model_status
            else 'not fitted: forecasts are not finite or out of range under the fitted parameters'
        end as model_status
    from summaries
    cross join fit
    cross join checked
    left join forecasts
        on
            summaries.frequency = forecasts.frequency
            and summaries.recency_days = forecasts.recency_days
            and summaries.age_days = forecasts.age_days
)

select * from final
